namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>Arguments of <c>es-index-cleaner &lt;days&gt;</c> (Jaeger's <c>NUM_OF_DAYS</c>, <c>--rollover</c>, <c>--master-node-timeout-seconds</c>).</summary>
public sealed record IndexCleanerParameters
{
    /// <summary>Indices of the last <c>Days</c> UTC days (today included) are kept; 0 deletes today's too.</summary>
    public required int Days { get; init; }

    /// <summary>Delete rollover indices (<c>…-000042</c>) by creation date instead of daily indices by the date in their name.</summary>
    public bool Rollover { get; init; }

    /// <summary>Current time; null = the system clock.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary><c>master_timeout</c> of each DELETE, in seconds (Jaeger's default 120).</summary>
    public int MasterTimeoutSeconds { get; init; } = 120;
}
