namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>
/// Units of es-rollover lookback (<c>--unit</c>; Jaeger's names in lower case parse with
/// <c>Enum.TryParse(value, ignoreCase: true, …)</c>).
/// </summary>
public enum LookbackUnit
{
    Seconds,
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}
