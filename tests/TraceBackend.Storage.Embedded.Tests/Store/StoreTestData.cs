using TraceBackend.Model;
using TraceBackend.Storage.Conformance;

namespace TraceBackend.Storage.Embedded.Tests.Store;

/// <summary>Small, distinct traces for store tests: trace <c>i</c> has three spans over two services.</summary>
internal static class StoreTestData
{
    public static readonly DateTimeOffset BaseTime = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static TraceId Id(int i) => new(0xe1ab_0000_0000_0000UL, (ulong)i + 1);

    public static string Service(int i) => $"svc-{i % 4}";

    public static IReadOnlyList<Span> Trace(int i, DateTimeOffset? start = null)
    {
        var ms = TimeSpan.FromMilliseconds(1);
        var trace = new TraceBuilder(Id(i), start ?? BaseTime.AddSeconds(i));
        var root = trace.Span(Service(i), "handle", TimeSpan.Zero, 10 * ms).Kind(SpanKind.Server).Attr("index", (long)i);
        trace.Span(Service(i), $"step-{i % 3}", ms, 2 * ms).Kind(SpanKind.Internal).ChildOf(root);
        trace.Span("db", "query", 3 * ms, 5 * ms).Kind(SpanKind.Client).ChildOf(root).Attr("parity", i % 2 == 0 ? "even" : "odd");
        return trace.Build();
    }

    public static IReadOnlyList<Span> Traces(int from, int count) => [.. Enumerable.Range(from, count).SelectMany(i => Trace(i))];

    public static TraceQuery Window(string? service = null, int depth = 1000) => new()
    {
        ServiceName = service,
        StartTimeMin = BaseTime.AddDays(-1),
        StartTimeMax = BaseTime.AddDays(1),
        SearchDepth = depth,
    };

    /// <summary>Everything a reader can see, rendered so two stores (or one store at two moments) compare with Assert.Equal.</summary>
    public static async Task<string> SnapshotAsync(ITraceStore store, int traceCount, CancellationToken ct)
    {
        var lines = new List<string>();
        var traces = await store.GetTracesAsync([.. Enumerable.Range(0, traceCount).Select(i => new TraceGetRequest(Id(i)))], ct);
        foreach (var trace in traces)
        {
            lines.Add($"trace {trace.TraceId}: " + string.Join(",", trace.Spans.Select(s => $"{s.SpanId}/{s.ServiceName}/{s.Name}/{s.StartTimeUnixNano}").Order(StringComparer.Ordinal)));
        }

        var services = await store.GetServicesAsync(ct);
        lines.Add("services: " + string.Join(",", services));
        foreach (var service in services)
        {
            lines.Add($"operations {service}: " + string.Join(",", await store.GetOperationsAsync(new OperationQuery(service), ct)));
            lines.Add($"find {service}: " + string.Join(",", (await store.FindTracesAsync(Window(service, depth: 7), ct)).Select(t => t.TraceId)));
        }

        lines.Add("find all: " + string.Join(",", (await store.FindTracesAsync(Window(depth: 10), ct)).Select(t => t.TraceId)));
        lines.Add("find odd: " + string.Join(",", (await store.FindTracesAsync(Window() with { Attributes = new Dictionary<string, string> { ["parity"] = "odd" } }, ct)).Select(t => t.TraceId)));
        var links = await store.GetDependenciesAsync(BaseTime.AddDays(1), TimeSpan.FromDays(2), ct);
        lines.Add("dependencies: " + string.Join(",", links.Select(l => $"{l.Parent}->{l.Child}:{l.CallCount}").Order(StringComparer.Ordinal)));
        return string.Join("\n", lines);
    }
}
