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

    /// <summary>The prefix to register routes under: <see cref="BasePath"/>, or empty for none.</summary>
    public string NormalizedBasePath => BasePath is "" or "/" ? "" : BasePath;

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
    }
}
