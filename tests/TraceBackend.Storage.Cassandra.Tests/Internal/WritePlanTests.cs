using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Cassandra.Session;
using TraceBackend.Storage.Cassandra.Tests.Support;
using static TraceBackend.Storage.Cassandra.Tests.Internal.CqlTraceTablesWriteTests;
using static TraceBackend.Storage.Cassandra.Tests.Support.CodecFixtures;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

/// <summary>
/// The write plan (rows grouped by partition, processes encoded once per resource) holds exactly the rows of
/// <see cref="SpanIndexRows.For"/> span by span, and binding rows in requests gives each row's own values.
/// </summary>
public sealed class WritePlanTests
{
    private static readonly Resource Shared = Api();
    private static readonly Resource SameContent = Api();

    [Fact]
    public void A_plan_holds_each_spans_rows_once_in_its_partition_in_span_order()
    {
        Span[] spans =
        [
            Make(1, Shared, new KeyValue("host.name", AttributeValue.String("h")), new KeyValue("k", AttributeValue.String("v"))),
            Make(2, Shared, new KeyValue("k", AttributeValue.String("v")), new KeyValue("k", AttributeValue.String("v"))),
            Make(3, SameContent, new KeyValue("k", AttributeValue.String("w"))),
            Make(4, Shared, new KeyValue("k", AttributeValue.String("v"))),
            Make(5, Shared, new KeyValue("k", AttributeValue.String("v"))),
        ];
        spans[4] = new Span // firehose: no tag or duration rows
        {
            TraceId = spans[4].TraceId,
            SpanId = spans[4].SpanId,
            Name = spans[4].Name,
            Kind = spans[4].Kind,
            Flags = 8,
            StartTimeUnixNano = spans[4].StartTimeUnixNano,
            EndTimeUnixNano = spans[4].EndTimeUnixNano,
            Attributes = spans[4].Attributes,
            Resource = Shared,
        };

        var plan = WritePlan.Of(spans, TagIndexPolicy.All);

        var rows = plan.Traces.Values.SelectMany(r => r).OrderBy(r => r.SpanId).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], rows.Select(r => r.SpanId));
        Assert.Same(rows[0].Process, rows[1].Process);
        Assert.Same(rows[0].Process, rows[4].Process);
        Assert.NotSame(rows[0].Process, rows[2].Process);
        Assert.Equal(["api"], plan.Services);
        Assert.Equal([("api", "server", "op")], plan.Operations);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(SpanRowEncoder.Encode(spans[i]).SpanHash, rows[i].SpanHash);
        }

        var expected = rows.Select(r => SpanIndexRows.For(r, TagIndexPolicy.All)).ToList();
        AssertPartitions(expected.SelectMany(e => e.Tags), plan.TagIndex, r => (r.ServiceName, r.TagKey, r.TagValue));
        AssertPartitions(expected.SelectMany(e => e.Durations), plan.DurationIndex, r => (r.ServiceName, r.OperationName, r.Bucket));
        AssertPartitions(expected.Select(e => e.ServiceNameIndex), plan.ServiceNameIndex, r => (r.ServiceName, r.Bucket));
        AssertPartitions(expected.Select(e => e.ServiceOperationIndex), plan.ServiceOperationIndex, r => (r.ServiceName, r.OperationName));
        Assert.Equal(2, plan.TagIndex[("api", "k", "v")].Count(r => r.SpanId is 1 or 2)); // one row per span despite repeats
        Assert.Single(plan.TagIndex[("api", "host.name", "h")], r => r.SpanId == 1);
        Assert.DoesNotContain(plan.TagIndex.Values.SelectMany(r => r), r => r.SpanId == 5);
    }

    [Fact]
    public async Task Rows_bound_together_get_the_values_of_each_row_bound_alone()
    {
        var session = new RecordingSession();
        var tables = new CqlTraceTables(session, "ks");
        var other = Api();
        var spans = new[] { Make(1, Shared), Make(2, Shared), Make(3, other), Make(4, Shared), Rich() };
        var rows = spans.Select(s => SpanRowEncoder.Encode(s, s.Resource == Shared ? SharedProcess : SpanRowEncoder.EncodeProcess(s.Resource))).ToList();
        var index = rows.Select(r => SpanIndexRows.For(r, TagIndexPolicy.All)).ToList();
        var ct = TestContext.Current.CancellationToken;

        await tables.WriteSpansAsync(rows, ct);
        await tables.WriteTagIndexAsync([.. index.SelectMany(i => i.Tags)], ct);
        await tables.WriteDurationIndexAsync([.. index.SelectMany(i => i.Durations)], ct);
        await tables.WriteServiceNameIndexAsync([.. index.Select(i => i.ServiceNameIndex)], ct);
        await tables.WriteServiceOperationIndexAsync([.. index.Select(i => i.ServiceOperationIndex)], ct);

        var batches = session.Requests.Select(r => r.Statements).ToList();
        Assert.Equal(rows.Select(r => Describe(CqlTraceTables.SpanValues(r))), batches[0].Select(s => Describe(s.Values)));
        Assert.Equal(
            index.SelectMany(i => i.Tags).Select(t => Describe(new object?[] { t.TraceId.ToBytes(), t.SpanId, t.ServiceName, t.StartTime, t.TagKey, t.TagValue })),
            batches[1].Select(s => Describe(s.Values)));
        Assert.Equal(
            index.SelectMany(i => i.Durations).Select(d => Describe(new object?[] { d.ServiceName, d.OperationName, d.Bucket, d.Duration, d.StartTime, d.TraceId.ToBytes() })),
            batches[2].Select(s => Describe(s.Values)));
        Assert.Equal(
            index.Select(i => i.ServiceNameIndex).Select(r => Describe(new object?[] { r.ServiceName, r.Bucket, r.StartTime, r.TraceId.ToBytes() })),
            batches[3].Select(s => Describe(s.Values)));
        Assert.Equal(
            index.Select(i => i.ServiceOperationIndex).Select(r => Describe(new object?[] { r.ServiceName, r.OperationName, r.StartTime, r.TraceId.ToBytes() })),
            batches[4].Select(s => Describe(s.Values)));
        Assert.All(batches.SelectMany(b => b), s => Assert.IsType<CassandraStatement>(s));
    }

    private static DbProcess SharedProcess { get; } = SpanRowEncoder.EncodeProcess(Shared);

    private static Resource Api() => new(
    [
        new KeyValue("service.name", AttributeValue.String("api")),
        new KeyValue("host.name", AttributeValue.String("h")),
        new KeyValue("pid", AttributeValue.Int(42)),
    ]);

    private static Span Make(ulong id, Resource resource, params KeyValue[] attributes) => new()
    {
        TraceId = id % 2 == 0 ? TraceA : OtherTrace,
        SpanId = new SpanId(id),
        Name = "op",
        Kind = SpanKind.Server,
        StartTimeUnixNano = Start + (id * 1_000_000),
        EndTimeUnixNano = Start + (id * 2_000_000),
        Attributes = [.. attributes],
        Resource = resource,
    };

    /// <summary>The plan's partitions hold exactly the expected rows, each under its key, in span order.</summary>
    private static void AssertPartitions<TKey, TRow>(IEnumerable<TRow> expected, Dictionary<TKey, List<TRow>> partitions, Func<TRow, TKey> keyOf)
        where TKey : notnull
    {
        var expectedGroups = expected.GroupBy(keyOf).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(expectedGroups.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal), partitions.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal));
        foreach (var (key, rows) in partitions)
        {
            Assert.Equal(expectedGroups[key], rows);
        }
    }
}
