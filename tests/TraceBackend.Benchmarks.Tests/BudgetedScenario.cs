using TraceBackend.Benchmarks.Scenarios;

namespace TraceBackend.Benchmarks.Tests;

/// <summary>
/// A measured operation with its budget key: <see cref="Run"/> is one operation, handling <see cref="Divisor"/>
/// units of <see cref="Unit"/> (spans, or 1 for per-operation budgets).
/// </summary>
internal sealed record BudgetedScenario(string Name, string Unit, int Divisor, int Warmup, int Iterations, Func<int> Run)
{
    public const string PerSpan = "bytes per span";
    public const string PerQuery = "bytes per query";
    public const string PerTrace = "bytes per 1000-span trace";

    /// <summary>Every budgeted scenario, by the key used in allocation-budget.json.</summary>
    public static IReadOnlyDictionary<string, BudgetedScenario> All { get; } = new BudgetedScenario[]
    {
        new("otlp-protobuf-decode", PerSpan, OtlpProtobufDecodeScenario.RequestSpans, 5, 30, static () => SharedScenarios.Protobuf.Run()),
        new("otlp-protobuf-decode-via-protobuf-objects", PerSpan, OtlpProtobufObjectsDecodeScenario.RequestSpans, 5, 30, static () => SharedScenarios.ProtobufObjects.Run()),
        new("otlp-json-decode", PerSpan, OtlpJsonDecodeScenario.RequestSpans, 5, 30, static () => SharedScenarios.Json.Run()),
        new("memory-store-append", PerSpan, MemoryStoreAppendScenario.DefaultBatchCount * MemoryStoreAppendScenario.BatchSpans, 2, 5, static () => SharedScenarios.Append.Run()),
        new("search-service", PerQuery, 1, 5, 50, static () => SharedScenarios.Search.FindByService()),
        new("search-service-operation", PerQuery, 1, 5, 50, static () => SharedScenarios.Search.FindByServiceAndOperation()),
        new("search-service-tag", PerQuery, 1, 5, 50, static () => SharedScenarios.Search.FindByServiceAndTag()),
        new("get-trace-by-id", PerQuery, 1, 5, 50, static () => SharedScenarios.Search.GetById()),
        new("jaeger-json-write", PerTrace, 1, 5, 30, static () => SharedScenarios.Jaeger.Write()),
        new("jaeger-json-adjust-and-write", PerTrace, 1, 5, 30, static () => SharedScenarios.Jaeger.AdjustAndWrite()),
    }.ToDictionary(static s => s.Name, StringComparer.Ordinal);
}
