namespace TraceBackend.LoadGen.Tests.Support;

/// <summary>How <see cref="TestOtlpServer"/> answers.</summary>
public sealed record TestOtlpServerBehavior
{
    /// <summary>The first N export requests (over both transports) are refused as overloaded.</summary>
    public int RefuseFirst { get; init; }

    /// <summary>Refuse every request (UNAVAILABLE / 503).</summary>
    public bool RefuseAll { get; init; }

    /// <summary>Pushback sent with refusals (gRPC ms trailer; HTTP Retry-After in whole seconds).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Spans reported as rejected (partial success) by every accepted request; they are not stored.</summary>
    public long RejectPerRequest { get; init; }
}
