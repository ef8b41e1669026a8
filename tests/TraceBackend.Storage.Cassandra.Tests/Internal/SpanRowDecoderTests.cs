using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Cassandra.Tests.Support;
using static TraceBackend.Storage.Cassandra.Tests.Support.CodecFixtures;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

public sealed class SpanRowDecoderTests
{
    private const long StartMicros = 1_700_000_000_123_456L;

    [Fact]
    public void Our_row_reads_back_as_the_span_with_Jaeger_model_losses_only()
    {
        var span = new SpanRowDecoder().Decode(SpanRowEncoder.Encode(Rich()));

        Assert.Equal(TraceA, span.TraceId);
        Assert.Equal(SpanIdHighBit, span.SpanId);
        Assert.Equal(Parent, span.ParentSpanId);
        Assert.Equal("GET /x", span.Name);
        Assert.Equal(SpanKind.Server, span.Kind);
        Assert.Equal(1u, span.Flags);
        Assert.Equal((ulong)StartMicros * 1000, span.StartTimeUnixNano);
        Assert.Equal((ulong)(StartMicros + 2_500_000) * 1000, span.EndTimeUnixNano);
        Assert.Equal(new SpanStatus(StatusCode.Error, "boom"), span.Status);
        Assert.Equal("k=v", span.TraceState);
        Assert.Equal(("lib", "1.0"), (span.Scope.Name, span.Scope.Version));
        Assert.Equal(["w1", "w2"], span.Warnings);
        Assert.Equal(
            ["http.method=GET", "http.status_code=500", "cache.hit=false", "ratio=0.25", "digest=AQI=", "list=[\"a\",1]", "meta={\"k\":\"v\"}", "empty=", "otel.dropped_attributes_count=2"],
            span.Attributes.Select(a => $"{a.Key}={a.Value}"));
        Assert.Equal([AttributeType.String, AttributeType.Int, AttributeType.Bool, AttributeType.Double, AttributeType.Bytes, AttributeType.String, AttributeType.String, AttributeType.String, AttributeType.Int], span.Attributes.Select(a => a.Value.Type));
        Assert.Collection(
            span.Events,
            e =>
            {
                Assert.Equal(("exception", (ulong)(StartMicros + 1001) * 1000), (e.Name, e.TimeUnixNano));
                Assert.Equal(["exception.type=IOError"], e.Attributes.Select(a => $"{a.Key}={a.Value}"));
            },
            e =>
            {
                Assert.Equal("custom", e.Name);
                Assert.Equal(["n=3"], e.Attributes.Select(a => $"{a.Key}={a.Value}"));
            });
        Assert.Equal(
            [$"{OtherTrace}/{new SpanId(0x22)}/follows_from", $"{OtherTrace}/{new SpanId(0x33)}/child_of"],
            span.Links.Select(l => $"{l.TraceId}/{l.SpanId}/{Assert.Single(l.Attributes).Value}"));
        Assert.Equal("frontend", span.ServiceName);
        Assert.Equal(
            ["service.name=frontend", "host.name=web-1", "process.pid=4242", "k8s.ready=true"],
            span.Resource.Attributes.Select(a => $"{a.Key}={a.Value}"));
    }

    [Fact]
    public void A_row_written_by_Jaeger_v1_reads_with_parent_from_refs_and_process_tags_renamed()
    {
        var row = new SpanRow
        {
            TraceId = new TraceId(0, 0x1234),
            SpanId = 0x55,
            SpanHash = 987654321,
            ParentId = 0,
            OperationName = "GET",
            Flags = 1,
            StartTime = StartMicros,
            Duration = 1500,
            Tags =
            [
                new DbKeyValue("span.kind", "string", ValueString: "client"),
                new DbKeyValue("error", "bool", ValueBool: true),
                new DbKeyValue("http.status_code", "int64", ValueLong: 503),
                new DbKeyValue("sampler.param", "float64", ValueDouble: 1),
                new DbKeyValue("internal.span.format", "string", ValueString: "proto"),
            ],
            Logs = [new DbLog(StartMicros + 10, [new DbKeyValue("event", "string", ValueString: "error"), new DbKeyValue("error.object", "string", ValueString: "x")])],
            Refs =
            [
                new DbSpanRef("child-of", new TraceId(0, 0x1234).ToBytes(), 0xabc),
                new DbSpanRef("follows-from", new TraceId(7, 8).ToBytes(), 0x99),
            ],
            Process = new DbProcess("redis",
            [
                new DbKeyValue("hostname", "string", ValueString: "host-1"),
                new DbKeyValue("jaeger.version", "string", ValueString: "Go-2.30.0"),
                new DbKeyValue("ip", "string", ValueString: "10.0.0.1"),
            ]),
        };

        var span = new SpanRowDecoder().Decode(row);

        Assert.Equal(new SpanId(0xabc), span.ParentSpanId);
        Assert.Equal(SpanKind.Client, span.Kind);
        Assert.Equal(new SpanStatus(StatusCode.Error, ""), span.Status);
        Assert.Equal(["http.status_code=503", "sampler.param=1", "internal.span.format=proto"], span.Attributes.Select(a => $"{a.Key}={a.Value}"));
        Assert.Equal(
            ["service.name=redis", "ip=10.0.0.1", "host.name=host-1", "opencensus.exporterversion=Jaeger-Go-2.30.0"],
            span.Resource.Attributes.Select(a => $"{a.Key}={a.Value}"));
        var e = Assert.Single(span.Events);
        Assert.Equal("error", e.Name);
        Assert.Equal(["error.object=x"], e.Attributes.Select(a => $"{a.Key}={a.Value}"));
        var link = Assert.Single(span.Links);
        Assert.Equal((new TraceId(7, 8), new SpanId(0x99), "follows_from"), (link.TraceId, link.SpanId, Assert.Single(link.Attributes).Value.AsString));
        Assert.Equal(1u, span.Flags);
        Assert.Empty(span.Warnings);
    }

    [Fact]
    public void A_row_written_by_Jaeger_v2_reads_scope_trace_state_and_status()
    {
        var row = new SpanRow
        {
            TraceId = TraceA,
            SpanId = 2,
            SpanHash = 0,
            ParentId = 1,
            OperationName = "op",
            StartTime = StartMicros,
            Duration = 10,
            Tags =
            [
                new DbKeyValue("otel.scope.name", "string", ValueString: "io.opentelemetry.http"),
                new DbKeyValue("otel.scope.version", "string", ValueString: "2.1"),
                new DbKeyValue("peer.service", "string", ValueString: "db"),
                new DbKeyValue("span.kind", "string", ValueString: "producer"),
                new DbKeyValue("otel.status_code", "string", ValueString: "OK"),
                new DbKeyValue("w3c.tracestate", "string", ValueString: "a=b"),
            ],
            Refs = [new DbSpanRef("child-of", TraceA.ToBytes(), 1)],
            Process = new DbProcess("api", []),
        };

        var span = new SpanRowDecoder().Decode(row);

        Assert.Equal(new SpanId(1), span.ParentSpanId);
        Assert.Empty(span.Links);
        Assert.Equal(("io.opentelemetry.http", "2.1"), (span.Scope.Name, span.Scope.Version));
        Assert.Equal(SpanKind.Producer, span.Kind);
        Assert.Equal(StatusCode.Ok, span.Status.Code);
        Assert.Equal("a=b", span.TraceState);
        Assert.Equal(["peer.service=db"], span.Attributes.Select(a => $"{a.Key}={a.Value}"));
    }

    [Fact]
    public void Unknown_value_types_bad_references_and_missing_service_are_reported_not_fatal()
    {
        var row = new SpanRow
        {
            TraceId = TraceA,
            SpanId = 3,
            SpanHash = 0,
            OperationName = "op",
            StartTime = StartMicros,
            Duration = 10,
            Tags = [new DbKeyValue("odd", "decimal"), new DbKeyValue("$$span.warning.1", "string", ValueString: "stored warning")],
            Refs = [new DbSpanRef("child-of", [1, 2, 3], 4)],
            Process = new DbProcess("OTLPResourceNoServiceName", []),
        };

        var span = new SpanRowDecoder().Decode(row);

        Assert.Equal("odd=<Unknown Jaeger TagType \"decimal\">", $"{span.Attributes.Single().Key}={span.Attributes.Single().Value}");
        Assert.Equal("missing-service-name", span.ServiceName);
        Assert.Contains("stored warning", span.Warnings);
        Assert.Contains("reference dropped: trace_id of 3 bytes", span.Warnings);
        Assert.True(span.ParentSpanId.IsEmpty);
    }

    [Fact]
    public void Negative_times_read_as_zero_and_null_process_as_no_resource()
    {
        var span = new SpanRowDecoder().Decode(new SpanRow { TraceId = TraceA, SpanId = 1, SpanHash = 0, OperationName = "op", StartTime = -5, Duration = -1 });

        Assert.Equal(0UL, span.StartTimeUnixNano);
        Assert.Equal("missing-service-name", span.ServiceName);
    }
}
