using System.Buffers.Binary;
using TraceBackend.Collector;
using TraceBackend.Cql.Tests.Support;
using TraceBackend.EndToEnd.Tests.Elasticsearch;
using TraceBackend.Storage.Cassandra.Tests.Wire;

namespace TraceBackend.EndToEnd.Tests.Cassandra;

/// <summary>
/// Spans exported by the real OpenTelemetry .NET SDK over OTLP gRPC are acknowledged only once the node stored them,
/// as the rows Jaeger's Cassandra writer leaves (reference §3.4): a <c>traces</c> row per span and the
/// <c>service_names</c>, <c>operation_names_v2</c>, <c>service_name_index</c>, <c>service_operation_index</c>,
/// <c>tag_index</c> and <c>duration_index</c> rows of each span's service, decoded from the EXECUTE/BATCH frames.
/// </summary>
public sealed class CassandraExportTests
{
    private const string Keyspace = "tb_e2e_export";
    private const long HourMicros = 3_600_000_000L;

    [Fact]
    public async Task Sdk_spans_are_acknowledged_and_land_as_jaeger_rows()
    {
        using var cts = TestTimeout.Start();
        await using var backend = await CassandraBackend.StartAsync(Keyspace, cts.Token);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (frontend, remoteService) = ("cass-front-" + suffix, "cass-back-" + suffix);
        var rootStart = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());

        var exported = await Task.Run(() => TwoServiceTrace.Export(backend.OtlpGrpcBase, frontend, remoteService, rootStart), cts.Token).WaitAsync(cts.Token);

        // Acknowledged: the collector counts spans as accepted only after the store wrote them.
        Assert.Equal(3, backend.Metrics.Accepted(CollectorTransport.Grpc));
        var traceId = Convert.FromHexString(exported.TraceId);
        var startMicros = rootStart.ToUnixTimeMilliseconds() * 1000;
        var rootId = SpanId(exported.RootId);
        var remoteId = SpanId(exported.RemoteId);

        var spans = backend.Stored("insert_span").Where(row => Blob(row[0]).SequenceEqual(traceId)).ToList();
        Assert.Equal(3, spans.Count);
        var root = Assert.Single(spans, row => (long)row[1]! == rootId);
        Assert.Equal((0L, TwoServiceTrace.RootOperation, 1, startMicros, 500_000L), ((long)root[3]!, (string)root[4]!, (int)root[5]!, (long)root[6]!, (long)root[7]!));
        var process = (WireUdt)root[11]!;
        Assert.Equal(frontend, process["service_name"]);
        Assert.Contains(KeyValues(process["tags"]), kv => kv["key"] as string == "host.name" && kv["value_string"] as string == "e2e-es-host");
        Assert.Contains(KeyValues(root[8]), kv => kv["key"] as string == "span.kind" && kv["value_string"] as string == "server");

        var remote = Assert.Single(spans, row => (long)row[1]! == remoteId);
        Assert.Equal((rootId, TwoServiceTrace.RemoteOperation, startMicros + 150_000, 200_000L), ((long)remote[3]!, (string)remote[4]!, (long)remote[6]!, (long)remote[7]!));
        Assert.Equal(remoteService, ((WireUdt)remote[11]!)["service_name"]);
        var parent = Assert.Single(KeyValues(remote[10]));
        Assert.Equal(("child-of", rootId), ((string)parent["ref_type"]!, (long)parent["span_id"]!));
        Assert.Equal(traceId, Blob(parent["trace_id"]));

        var services = backend.Stored("insert_service_name").Select(row => (string)row[0]!).ToList();
        Assert.Contains(frontend, services);
        Assert.Contains(remoteService, services);
        var operations = backend.Stored("insert_operation_name").Select(row => ((string)row[0]!, (string)row[1]!, (string)row[2]!)).ToList();
        Assert.Contains((frontend, "server", TwoServiceTrace.RootOperation), operations);
        Assert.Contains((frontend, "client", TwoServiceTrace.ChildOperation), operations);
        Assert.Contains((remoteService, "server", TwoServiceTrace.RemoteOperation), operations);

        var serviceIndex = backend.Stored("insert_service_name_index").Where(row => Blob(row[3]).SequenceEqual(traceId)).ToList();
        Assert.Equal(2, serviceIndex.Count(row => (string)row[0]! == frontend));
        Assert.Contains(serviceIndex, row => (string)row[0]! == frontend && (long)row[2]! == startMicros);
        Assert.Contains(serviceIndex, row => (string)row[0]! == remoteService && (long)row[2]! == startMicros + 150_000);
        Assert.All(serviceIndex, row => Assert.InRange((int)row[1]!, 0, 9));
        Assert.Contains(backend.Stored("insert_service_operation_index"), row =>
            (string)row[0]! == remoteService && (string)row[1]! == TwoServiceTrace.RemoteOperation && Blob(row[3]).SequenceEqual(traceId));
        Assert.Contains(backend.Stored("insert_tag_index"), row =>
            Blob(row[0]).SequenceEqual(traceId) && (long)row[1]! == remoteId && (string)row[2]! == remoteService && (string)row[4]! == "customer.id" && (string)row[5]! == "42");

        // Two duration rows per span (operation "" and its own) in the hour bucket nearest its start (Go Time.Round).
        var bucket = DateTimeOffset.FromUnixTimeMilliseconds((startMicros + (HourMicros / 2)) / HourMicros * HourMicros / 1000);
        var durations = backend.Stored("insert_duration_index").Where(row => Blob(row[5]).SequenceEqual(traceId) && (string)row[0]! == frontend).ToList();
        foreach (var operation in new[] { "", TwoServiceTrace.RootOperation })
        {
            var row = Assert.Single(durations, r => (string)r[1]! == operation && (long)r[4]! == startMicros);
            Assert.Equal((bucket, 500_000L), ((DateTimeOffset)row[2]!, (long)row[3]!));
        }

        Assert.Empty(backend.Server.HandlerErrors);
    }

    private static long SpanId(string hex) => BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(hex));

    private static byte[] Blob(object? value) => Assert.IsType<byte[]>(value);

    private static IEnumerable<WireUdt> KeyValues(object? list) => Assert.IsType<List<object?>>(list).Cast<WireUdt>();
}
