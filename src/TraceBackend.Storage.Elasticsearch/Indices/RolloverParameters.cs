namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>Arguments of <c>es-rollover init|rollover|lookback</c> beyond the connection options (defaults are Jaeger's).</summary>
public sealed record RolloverParameters
{
    /// <summary>Jaeger's <c>--conditions</c> default.</summary>
    public const string DefaultConditions = """{"max_age": "2d"}""";

    /// <summary><c>--skip-dependencies</c>: leave the dependencies index family out.</summary>
    public bool SkipDependencies { get; init; }

    /// <summary>
    /// <c>--conditions</c> (rollover): a JSON object sent as the rollover request's <c>conditions</c>, e.g.
    /// <c>{"max_age": "1d", "max_docs": 1000000}</c>; empty = roll over unconditionally.
    /// </summary>
    public string Conditions { get; init; } = DefaultConditions;

    /// <summary><c>--unit</c> (lookback).</summary>
    public LookbackUnit Unit { get; init; } = LookbackUnit.Days;

    /// <summary><c>--unit-count</c> (lookback).</summary>
    public int UnitCount { get; init; } = 1;

    /// <summary>Current time for lookback; null = the system clock.</summary>
    public DateTimeOffset? Now { get; init; }
}
