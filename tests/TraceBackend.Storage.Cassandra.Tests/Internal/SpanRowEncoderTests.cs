using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Cassandra.Tests.Support;
using static TraceBackend.Storage.Cassandra.Tests.Support.CodecFixtures;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

public sealed class SpanRowEncoderTests
{
    [Fact]
    public void A_rich_span_becomes_the_row_Jaeger_would_show()
    {
        var row = SpanRowEncoder.Encode(Rich());

        Assert.Equal(TraceA, row.TraceId);
        Assert.Equal(unchecked((long)0xF1E2D3C4B5A69788UL), row.SpanId);
        Assert.Equal(0xabcL, row.ParentId);
        Assert.Equal("GET /x", row.OperationName);
        Assert.Equal(1, row.Flags); // W3C trace flags only (0x301 & 0xFF = 1)
        Assert.Equal(1_700_000_000_123_456L, row.StartTime);
        Assert.Equal(2_500_000L, row.Duration);
        Assert.Equal(
            [
                "otel.scope.name=string:lib",
                "otel.scope.version=string:1.0",
                "http.method=string:GET",
                "http.status_code=int64:500",
                "cache.hit=bool:False",
                "ratio=float64:0.25",
                "digest=binary:0102",
                "list=string:[\"a\",1]",
                "meta=string:{\"k\":\"v\"}",
                "empty=string:",
                "span.kind=string:server",
                "otel.status_code=string:ERROR",
                "error=bool:True",
                "otel.status_description=string:boom",
                "w3c.tracestate=string:k=v",
                "otel.dropped_attributes_count=int64:2",
                "$$span.warning.1=string:w1",
                "$$span.warning.2=string:w2",
            ],
            row.Tags.Select(Render));
        Assert.Collection(
            row.Logs,
            log =>
            {
                Assert.Equal(1_700_000_000_124_457L, log.Timestamp);
                Assert.Equal(["event=string:exception", "exception.type=string:IOError"], log.Fields.Select(Render));
            },
            log =>
            {
                Assert.Equal(1_700_000_000_125_456L, log.Timestamp);
                Assert.Equal(["event=string:custom", "n=int64:3"], log.Fields.Select(Render));
            });
        Assert.Equal(
            [
                $"child-of {Convert.ToHexStringLower(TraceA.ToBytes())} {0xabc}",
                $"follows-from {Convert.ToHexStringLower(OtherTrace.ToBytes())} {0x22}",
                $"child-of {Convert.ToHexStringLower(OtherTrace.ToBytes())} {0x33}",
            ],
            row.Refs.Select(r => $"{r.RefType} {Convert.ToHexStringLower(r.TraceId)} {r.SpanId}"));
        Assert.Equal("frontend", row.Process!.ServiceName);
        Assert.Equal(["host.name=string:web-1", "process.pid=int64:4242", "k8s.ready=bool:True"], row.Process.Tags.Select(Render));
        Assert.Equal(SpanHash.Compute(row with { SpanHash = 0 }), row.SpanHash);
    }

    [Fact]
    public void Unused_value_fields_hold_zero_values_as_Jaeger_writes_them()
    {
        var row = SpanRowEncoder.Encode(Rich());
        var status = row.Tags.Single(t => t.Key == "http.status_code");

        Assert.Equal(new DbKeyValue("http.status_code", "int64", "", false, 500, 0, null), status);
        Assert.Equal([1, 2], row.Tags.Single(t => t.Key == "digest").ValueBinary);
    }

    [Fact]
    public void A_span_without_parent_or_links_has_no_refs_and_parent_zero()
    {
        var row = SpanRowEncoder.Encode(CodecFixtures.Simple(TraceA, 7, "svc", "op", Start, 1000));

        Assert.Equal(0, row.ParentId);
        Assert.Empty(row.Refs);
        Assert.Empty(row.Logs);
        Assert.Equal(["span.kind=string:server"], row.Tags.Select(Render));
    }

    [Fact]
    public void A_resource_without_service_name_gets_Jaeger_placeholder()
    {
        var process = SpanRowEncoder.EncodeProcess(new Resource([new KeyValue("host.name", AttributeValue.String("h"))]));

        Assert.Equal("OTLPResourceNoServiceName", process.ServiceName);
        Assert.Equal(["host.name=string:h"], process.Tags.Select(Render));
        Assert.Equal("OTLPResourceNoServiceName", SpanRowEncoder.EncodeProcess(Resource.EmptyResource).ServiceName);
    }

    internal static string Render(DbKeyValue kv) => kv.ValueType switch
    {
        "string" => $"{kv.Key}=string:{kv.ValueString}",
        "bool" => $"{kv.Key}=bool:{kv.ValueBool}",
        "int64" => $"{kv.Key}=int64:{kv.ValueLong}",
        "float64" => $"{kv.Key}=float64:{kv.ValueDouble.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        "binary" => $"{kv.Key}=binary:{Convert.ToHexStringLower(kv.ValueBinary ?? [])}",
        _ => $"{kv.Key}={kv.ValueType}?",
    };
}
