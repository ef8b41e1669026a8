using System.Text;
using TraceBackend.Cql.Tests.Support;
using TraceBackend.Model;
using static TraceBackend.Storage.Cassandra.Tests.Wire.JaegerRows;

namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>
/// Reads through the whole stack: Rows results encoded from Jaeger-shaped column values come back as the spans Jaeger's
/// reader shows, and the SELECTs go out with the paging the statements need (spec §8).
/// </summary>
public sealed class WireReadTests
{
    private const string Service = "redis";

    [Fact]
    public async Task A_trace_partition_of_Jaeger_rows_reads_back_as_spans()
    {
        using var cts = TestTimeout.Start();
        await using var fake = await FakeCassandra.StartAsync(cts.Token);
        var unknown = new TraceId(0, 0x9999);
        fake.OnRequest = async (statement, request) =>
        {
            if (statement.Name != "select_trace")
            {
                return false;
            }

            var traceId = (byte[])WireValues.DecodeAll(statement, ParsedParameters.OfExecute(request).Values)[0]!;
            await FakeCassandra.ReplyRowsAsync(request, statement, traceId.AsSpan().SequenceEqual(TraceV1.ToBytes()) ? [V1ClientSpan(), ChildSpan()] : []);
            return true;
        };

        var traces = await fake.Store.GetTracesAsync([new TraceGetRequest(TraceV1), new TraceGetRequest(unknown)], cts.Token);

        var selects = fake.Executes("select_trace").Select(ParsedParameters.OfExecute).ToList();
        Assert.Equal(
            ["0x00000000000000000000000000001234", "0x00000000000000000000000000009999"],
            selects.Select(p => WireValues.Render(p.Values.Single())).Order(StringComparer.Ordinal));
        Assert.All(selects, p => Assert.Equal((5000, 0x000A), (p.PageSize, p.Consistency)));
        var trace = Assert.Single(traces);
        Assert.Equal(TraceV1, trace.TraceId);
        Assert.Equal(2, trace.Spans.Count);

        var client = trace.Spans.Single(s => s.SpanId == new SpanId(0x55));
        Assert.Equal((new SpanId(0xabc), "GET", SpanKind.Client, 1u), (client.ParentSpanId, client.Name, client.Kind, client.Flags));
        Assert.Equal(((ulong)StartMicros * 1000, (ulong)(StartMicros + 1500) * 1000), (client.StartTimeUnixNano, client.EndTimeUnixNano));
        Assert.Equal(new SpanStatus(StatusCode.Error, ""), client.Status);
        Assert.Equal(["http.status_code=503", "sampler.param=1", "internal.span.format=proto"], client.Attributes.Select(a => $"{a.Key}={a.Value}"));
        Assert.Equal([AttributeType.Int, AttributeType.Double, AttributeType.String], client.Attributes.Select(a => a.Value.Type));
        Assert.Equal(
            ["service.name=redis", "ip=10.0.0.1", "host.name=host-1", "opencensus.exporterversion=Jaeger-Go-2.30.0"],
            client.Resource.Attributes.Select(a => $"{a.Key}={a.Value}"));
        var log = Assert.Single(client.Events);
        Assert.Equal(("error", (ulong)(StartMicros + 10) * 1000), (log.Name, log.TimeUnixNano));
        Assert.Equal(["error.object=x"], log.Attributes.Select(a => $"{a.Key}={a.Value}"));
        var link = Assert.Single(client.Links);
        Assert.Equal((new TraceId(7, 8), new SpanId(0x99), "follows_from"), (link.TraceId, link.SpanId, Assert.Single(link.Attributes).Value.AsString));
        Assert.Empty(client.Warnings);

        var child = trace.Spans.Single(s => s.SpanId == new SpanId(0x56));
        Assert.Equal((new SpanId(0x55), SpanKind.Internal), (child.ParentSpanId, child.Kind));
        Assert.Equal([0x0a, 0x0b], child.Attributes.Single(a => a.Key == "payload").Value.AsBytes.ToArray());
        Assert.Equal(0.5, child.Attributes.Single(a => a.Key == "ratio").Value.AsDouble);
        Assert.Empty(child.Events); // logs were null on the wire
        Assert.Empty(child.Links); // the only ref is the parent
        Assert.Equal("redis", child.ServiceName);
    }

    [Fact]
    public async Task The_service_index_query_runs_unpaged_and_its_trace_is_loaded()
    {
        using var cts = TestTimeout.Start();
        await using var fake = await FakeCassandra.StartAsync(cts.Token);
        fake.OnRequest = async (statement, request) =>
        {
            switch (statement.Name)
            {
                case "select_service_name_index":
                    await FakeCassandra.ReplyRowsAsync(request, statement, [[TraceV1.ToBytes(), StartMicros]]);
                    return true;
                case "select_trace":
                    await FakeCassandra.ReplyRowsAsync(request, statement, [V1ClientSpan()]);
                    return true;
                default:
                    return false;
            }
        };
        var start = DateTimeOffset.UnixEpoch.AddTicks(StartMicros * 10);
        var query = new TraceQuery { ServiceName = Service, StartTimeMin = start.AddHours(-1), StartTimeMax = start.AddHours(1), SearchDepth = 20 };

        var traces = await fake.Store.FindTracesAsync(query, cts.Token);

        Assert.Equal(TraceV1, Assert.Single(traces).TraceId);
        var index = ParsedParameters.OfExecute(Assert.Single(fake.Executes("select_service_name_index")));
        Assert.Null(index.PageSize); // IN on the partition key with ORDER BY: paging must be off
        Assert.Equal(0, index.Flags & 0x04);
        Assert.Null(index.PagingState);
        // Exclusive µs bounds one outside the inclusive window, and Jaeger's first limit: depth × 3.
        Assert.Equal(
            $"redis|{StartMicros - 3_600_000_000 - 1}|{StartMicros + 3_600_000_000 + 1}|60",
            string.Join("|", WireValues.DecodeAll(fake.Statements["select_service_name_index"], index.Values).Select(WireValues.Render)));
    }

    [Fact]
    public async Task The_duration_index_scan_pages_with_the_servers_paging_state()
    {
        using var cts = TestTimeout.Start();
        await using var fake = await FakeCassandra.StartAsync(cts.Token);
        var hour = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var hourMicros = hour.ToUnixTimeMilliseconds() * 1000;
        TraceId[] ids = [new(1, 1), new(2, 2), new(3, 3), new(4, 4)];
        var pageTwo = Encoding.UTF8.GetBytes("page-2");
        fake.OnRequest = async (statement, request) =>
        {
            switch (statement.Name)
            {
                case "select_service_names":
                    await FakeCassandra.ReplyRowsAsync(request, statement, [[Service]]);
                    return true;
                case "scan_duration_index":
                    var state = ParsedParameters.OfExecute(request).PagingState;
                    if (state is null)
                    {
                        await FakeCassandra.ReplyRowsAsync(request, statement, [[ids[0].ToBytes(), hourMicros + 5], [ids[1].ToBytes(), hourMicros + 7]], pageTwo);
                    }
                    else
                    {
                        Assert.Equal(pageTwo, state);

                        // ids[3] started before the scanned period (same hour bucket): not yielded.
                        await FakeCassandra.ReplyRowsAsync(request, statement, [[ids[2].ToBytes(), hourMicros + 9], [ids[3].ToBytes(), hourMicros - 1]]);
                    }

                    return true;
                default:
                    return false;
            }
        };

        var found = new List<TraceId>();
        await foreach (var id in fake.Store.ScanTraceIdsAsync(hour, hour.AddMinutes(20), cts.Token))
        {
            found.Add(id);
        }

        Assert.Equal(ids[..3], found);
        var scans = fake.Executes("scan_duration_index").Select(ParsedParameters.OfExecute).ToList();
        Assert.Equal(2, scans.Count);
        Assert.Equal([null, pageTwo], scans.Select(p => p.PagingState));
        Assert.All(scans, p => Assert.Equal(5000, p.PageSize));
        Assert.All(scans, p => Assert.Equal(
            "2026-03-01T10:00:00.000Z|redis|",
            string.Join("|", WireValues.DecodeAll(fake.Statements["scan_duration_index"], p.Values).Select(WireValues.Render))));
        Assert.Empty(fake.Server.HandlerErrors);
    }

    [Fact]
    public async Task Dependencies_bind_the_day_buckets_as_a_list_and_sum_the_snapshot_UDTs()
    {
        using var cts = TestTimeout.Start();
        await using var fake = await FakeCassandra.StartAsync(cts.Token);
        var end = new DateTimeOffset(2026, 3, 3, 6, 0, 0, TimeSpan.Zero);
        fake.OnRequest = async (statement, request) =>
        {
            if (statement.Name != "select_dependencies")
            {
                return false;
            }

            await FakeCassandra.ReplyRowsAsync(request, statement,
            [
                [end.AddHours(-1), new object[] { Dependency("frontend", "backend", 3), Dependency("backend", "db", 1) }],
                [end.AddDays(-1), new object[] { Dependency("frontend", "backend", 4) }],
            ]);
            return true;
        };

        var links = await fake.Store.GetDependenciesAsync(end, TimeSpan.FromHours(36), cts.Token);

        Assert.Equal(["backend->db:1", "frontend->backend:7"], links.Select(l => $"{l.Parent}->{l.Child}:{l.CallCount}").Order(StringComparer.Ordinal));
        var select = ParsedParameters.OfExecute(Assert.Single(fake.Executes("select_dependencies")));
        Assert.Equal(
            "[2026-03-01T00:00:00.000Z,2026-03-02T00:00:00.000Z,2026-03-03T00:00:00.000Z]|2026-03-01T18:00:00.000Z|2026-03-03T06:00:00.000Z",
            string.Join("|", WireValues.DecodeAll(fake.Statements["select_dependencies"], select.Values).Select(WireValues.Render)));
    }

    private static Dictionary<string, object?> Dependency(string parent, string child, long calls) => new()
    {
        ["parent"] = parent,
        ["child"] = child,
        ["call_count"] = calls,
        ["source"] = "jaeger",
    };
}
