using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using TraceBackend.LoadGen.Generation;
using TraceBackend.LoadGen.Otlp;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceBackend.LoadGen.Tests;

public sealed class OtlpJsonWriterTests
{
    private static ExportTraceServiceRequest Sample()
    {
        var span = new ProtoSpan
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString("0af7651916cd43dd8448eb211c80319c")),
            SpanId = ByteString.CopyFrom(Convert.FromHexString("b7ad6b7169203331")),
            ParentSpanId = ByteString.CopyFrom(Convert.FromHexString("00f067aa0ba902b7")),
            Name = "GET /x",
            Kind = ProtoSpan.Types.SpanKind.Server,
            StartTimeUnixNano = 1_717_243_200_123_456_789UL,
            EndTimeUnixNano = 18_446_744_073_709_551_615UL,
            Flags = 0x101,
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
        };
        span.Attributes.Add(new KeyValue { Key = "big", Value = new AnyValue { IntValue = long.MaxValue } });
        span.Attributes.Add(new KeyValue { Key = "neg", Value = new AnyValue { IntValue = -5 } });
        span.Attributes.Add(new KeyValue { Key = "d", Value = new AnyValue { DoubleValue = 1.5 } });
        span.Attributes.Add(new KeyValue { Key = "nan", Value = new AnyValue { DoubleValue = double.NaN } });
        span.Attributes.Add(new KeyValue { Key = "b", Value = new AnyValue { BoolValue = true } });
        span.Attributes.Add(new KeyValue { Key = "bytes", Value = new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 255) } });
        var array = new ArrayValue();
        array.Values.Add(new AnyValue { StringValue = "x" });
        array.Values.Add(new AnyValue { IntValue = 7 });
        span.Attributes.Add(new KeyValue { Key = "arr", Value = new AnyValue { ArrayValue = array } });
        var kvlist = new KeyValueList();
        kvlist.Values.Add(new KeyValue { Key = "inner", Value = new AnyValue { StringValue = "v" } });
        span.Attributes.Add(new KeyValue { Key = "kv", Value = new AnyValue { KvlistValue = kvlist } });
        var evt = new ProtoSpan.Types.Event { Name = "exception", TimeUnixNano = 42 };
        evt.Attributes.Add(new KeyValue { Key = "exception.type", Value = new AnyValue { StringValue = "E" } });
        span.Events.Add(evt);
        span.Links.Add(new ProtoSpan.Types.Link
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString("11111111111111111111111111111111")),
            SpanId = ByteString.CopyFrom(Convert.FromHexString("2222222222222222")),
        });

        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "svc" } });
        var scopeSpans = new ScopeSpans { Scope = new InstrumentationScope { Name = "lib", Version = "1.0" } };
        scopeSpans.Spans.Add(span);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scopeSpans);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    [Fact]
    public void WritesHexIdsStringInt64AndIntegerEnums()
    {
        using var doc = JsonDocument.Parse(OtlpJsonWriter.Serialize(Sample()));
        var rs = doc.RootElement.GetProperty("resourceSpans")[0];
        Assert.Equal("svc", rs.GetProperty("resource").GetProperty("attributes")[0].GetProperty("value").GetProperty("stringValue").GetString());
        var ss = rs.GetProperty("scopeSpans")[0];
        Assert.Equal("lib", ss.GetProperty("scope").GetProperty("name").GetString());
        var span = ss.GetProperty("spans")[0];

        Assert.Equal("0af7651916cd43dd8448eb211c80319c", span.GetProperty("traceId").GetString());
        Assert.Equal("b7ad6b7169203331", span.GetProperty("spanId").GetString());
        Assert.Equal("00f067aa0ba902b7", span.GetProperty("parentSpanId").GetString());
        Assert.Equal(JsonValueKind.Number, span.GetProperty("kind").ValueKind);
        Assert.Equal(2, span.GetProperty("kind").GetInt32());
        Assert.Equal(0x101, span.GetProperty("flags").GetInt32());
        Assert.Equal("1717243200123456789", span.GetProperty("startTimeUnixNano").GetString());
        Assert.Equal("18446744073709551615", span.GetProperty("endTimeUnixNano").GetString());
        Assert.Equal(2, span.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Equal("boom", span.GetProperty("status").GetProperty("message").GetString());
        Assert.False(span.TryGetProperty("traceState", out _));
        Assert.False(span.TryGetProperty("droppedAttributesCount", out _));

        var attributes = span.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value"));
        Assert.Equal("9223372036854775807", attributes["big"].GetProperty("intValue").GetString());
        Assert.Equal("-5", attributes["neg"].GetProperty("intValue").GetString());
        Assert.Equal(1.5, attributes["d"].GetProperty("doubleValue").GetDouble());
        Assert.Equal("NaN", attributes["nan"].GetProperty("doubleValue").GetString());
        Assert.True(attributes["b"].GetProperty("boolValue").GetBoolean());
        Assert.Equal(Convert.ToBase64String([1, 2, 255]), attributes["bytes"].GetProperty("bytesValue").GetString());
        var values = attributes["arr"].GetProperty("arrayValue").GetProperty("values");
        Assert.Equal("x", values[0].GetProperty("stringValue").GetString());
        Assert.Equal("7", values[1].GetProperty("intValue").GetString());
        var inner = attributes["kv"].GetProperty("kvlistValue").GetProperty("values")[0];
        Assert.Equal("inner", inner.GetProperty("key").GetString());

        var evt = span.GetProperty("events")[0];
        Assert.Equal("42", evt.GetProperty("timeUnixNano").GetString());
        Assert.Equal("exception", evt.GetProperty("name").GetString());
        var link = span.GetProperty("links")[0];
        Assert.Equal("11111111111111111111111111111111", link.GetProperty("traceId").GetString());
        Assert.Equal("2222222222222222", link.GetProperty("spanId").GetString());
    }

    [Fact]
    public void GeneratedRequestsRoundTripSpanIdentities()
    {
        var traces = new HotRodTraceGenerator(8).Generate(5, DateTimeOffset.UnixEpoch.AddYears(55), TimeSpan.FromSeconds(1)).ToList();
        var batch = Assert.Single(OtlpRequestBatcher.Pack(traces, 10_000));
        var expected = batch.Request.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans)
            .Select(s => (Convert.ToHexStringLower(s.TraceId.Span), Convert.ToHexStringLower(s.SpanId.Span), s.StartTimeUnixNano.ToString(System.Globalization.CultureInfo.InvariantCulture), (int)s.Kind))
            .ToList();

        using var doc = JsonDocument.Parse(OtlpJsonWriter.Serialize(batch.Request));
        var actual = doc.RootElement.GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(r => r.GetProperty("scopeSpans").EnumerateArray())
            .SelectMany(s => s.GetProperty("spans").EnumerateArray())
            .Select(s => (s.GetProperty("traceId").GetString()!, s.GetProperty("spanId").GetString()!, s.GetProperty("startTimeUnixNano").GetString()!, s.GetProperty("kind").GetInt32()))
            .ToList();
        Assert.Equal(expected, actual);
    }
}
