namespace TraceBackend.Query.ApiV3;

/// <summary>Span counts of one service within a trace summary.</summary>
public sealed record ServiceSummary(string Name, int SpanCount, int ErrorSpanCount);
