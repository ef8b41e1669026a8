namespace TraceBackend.Collector;

/// <summary>Why a whole request was not stored (metric label <c>reason</c>). Clients may retry the first three.</summary>
public enum RefuseReason
{
    QueueFull = 0,
    ShuttingDown = 1,
    StorageError = 2,
    TooLarge = 3,
    Malformed = 4,
    UnsupportedMediaType = 5,
}
