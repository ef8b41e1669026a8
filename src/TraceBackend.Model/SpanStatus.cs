namespace TraceBackend.Model;

/// <summary>The final status of a span.</summary>
public readonly record struct SpanStatus(StatusCode Code, string Message)
{
    public static SpanStatus Unset => new(StatusCode.Unset, "");
}
