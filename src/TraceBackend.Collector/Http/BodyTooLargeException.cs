namespace TraceBackend.Collector.Http;

/// <summary>The request body, on the wire or once inflated, exceeds the configured limit.</summary>
internal sealed class BodyTooLargeException : Exception
{
    public BodyTooLargeException(string message)
        : base(message)
    {
    }
}
