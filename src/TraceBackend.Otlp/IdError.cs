namespace TraceBackend.Otlp;

/// <summary>An ID that could not even be turned into bytes (e.g. bad hex in OTLP/JSON); rejects its span.</summary>
internal readonly record struct IdError(RejectReason Reason, string Message);
