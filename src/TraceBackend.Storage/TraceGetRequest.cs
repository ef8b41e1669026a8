using TraceBackend.Model;

namespace TraceBackend.Storage;

/// <summary>One trace to look up, with an optional time window hint.</summary>
public sealed record TraceGetRequest(TraceId TraceId, DateTimeOffset? StartTime = null, DateTimeOffset? EndTime = null);
