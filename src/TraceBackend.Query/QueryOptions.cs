using TraceBackend.Storage;

namespace TraceBackend.Query;

/// <summary>Options of the Jaeger-compatible query API.</summary>
public sealed class QueryOptions
{
    /// <summary>
    /// Route prefix of every API route (e.g. <c>/jaeger/ui</c>). Empty or <c>/</c> means none; otherwise it must
    /// start with <c>/</c> and must not end with <c>/</c>.
    /// </summary>
    public string BasePath { get; set; } = "";

    /// <summary>Default search window when <c>start</c> is absent (Jaeger: 48 h).</summary>
    public TimeSpan DefaultSearchLookback { get; set; } = TimeSpan.FromHours(48);

    /// <summary>
    /// Largest search depth (number of traces) one search may ask storage for; larger requested depths (v1
    /// <c>limit</c>, v3 <c>query.searchDepth</c> / <c>query.search_depth</c> / <c>query.num_traces</c>) are clamped to it,
    /// so a single request cannot copy, adjust and serialize the whole store. Default 1500, the Jaeger UI's maximum
    /// (<c>search.maxLimit</c>). Must be positive.
    /// </summary>
    public int MaxSearchDepth { get; set; } = DefaultMaxSearchDepth;

    /// <summary>Default of <see cref="MaxSearchDepth"/>.</summary>
    public const int DefaultMaxSearchDepth = 1500;

    /// <summary>The prefix to register routes under: <see cref="BasePath"/>, or empty for none.</summary>
    public string NormalizedBasePath => BasePath is "" or "/" ? "" : BasePath;

    /// <summary>
    /// The storage search depth for a requested one: absent or ≤ 0 → <see cref="TraceQuery.DefaultSearchDepth"/> (as
    /// Jaeger maps them); either way at most <see cref="MaxSearchDepth"/>.
    /// </summary>
    public int ClampSearchDepth(long? requested) =>
        (int)Math.Min(requested is long depth && depth > 0 ? depth : TraceQuery.DefaultSearchDepth, MaxSearchDepth);

    /// <summary>Throws <see cref="ArgumentException"/> when an option is invalid.</summary>
    public void Validate()
    {
        var basePath = BasePath ?? throw new ArgumentException("BasePath must not be null", nameof(BasePath));
        if (basePath is not ("" or "/") && (!basePath.StartsWith('/') || basePath.EndsWith('/')))
        {
            throw new ArgumentException($"invalid base path '{basePath}': it must start with '/' and must not end with '/'", nameof(BasePath));
        }

        if (DefaultSearchLookback <= TimeSpan.Zero)
        {
            throw new ArgumentException("DefaultSearchLookback must be positive", nameof(DefaultSearchLookback));
        }

        if (MaxSearchDepth <= 0)
        {
            throw new ArgumentException($"MaxSearchDepth must be positive, got {MaxSearchDepth}", nameof(MaxSearchDepth));
        }
    }
}
