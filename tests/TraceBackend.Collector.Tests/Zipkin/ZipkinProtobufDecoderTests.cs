using System.Net;
using System.Text;
using Google.Protobuf;
using TraceBackend.Collector.Zipkin;
using TraceBackend.Model;
using TraceBackend.Otlp;
using Zipkin.Proto3;
using ProtoSpan = Zipkin.Proto3.Span;

namespace TraceBackend.Collector.Tests.Zipkin;

public sealed class ZipkinProtobufDecoderTests
{
    private static ByteString Bytes(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    private static ProtoSpan Valid(string id = "0102030405060708") => new()
    {
        TraceId = Bytes("5b8efff798038103d269b633813fc60c"),
        Id = Bytes(id),
        Name = "op",
        Timestamp = 1_700_000_000_000_000,
        Duration = 1500,
        LocalEndpoint = new Endpoint { ServiceName = "svc" },
    };

    private static OtlpConversionResult Decode(params ProtoSpan[] spans)
    {
        var list = new ListOfSpans();
        list.Spans.AddRange(spans);
        return ZipkinProtobufDecoder.Decode(list.ToByteArray());
    }

    [Fact]
    public void ProtobufMapsLikeTheEquivalentJson()
    {
        var proto = new ProtoSpan
        {
            TraceId = Bytes("463ac35c9f6413ad"),
            ParentId = Bytes("1111111111111111"),
            Id = Bytes("2222222222222222"),
            Kind = ProtoSpan.Types.Kind.Client,
            Name = "get /api",
            Timestamp = 1_700_000_000_123_456,
            Duration = 2500,
            Debug = true,
            Shared = true,
            LocalEndpoint = new Endpoint { ServiceName = "frontend", Ipv4 = ByteString.CopyFrom(IPAddress.Parse("192.0.2.10").GetAddressBytes()), Port = 8080 },
            RemoteEndpoint = new Endpoint { ServiceName = "backend", Ipv6 = ByteString.CopyFrom(IPAddress.Parse("2001:db8::1").GetAddressBytes()), Port = 9000 },
        };
        proto.Annotations.Add(new Annotation { Timestamp = 1_700_000_000_124_000, Value = "wr" });
        proto.Tags.Add("http.method", "GET");
        proto.Tags.Add("error", "true");
        proto.Tags.Add("otel.library.name", "lib");
        const string json = """
            [{"traceId":"463ac35c9f6413ad","parentId":"1111111111111111","id":"2222222222222222","kind":"CLIENT","name":"get /api",
              "timestamp":1700000000123456,"duration":2500,"debug":true,"shared":true,
              "localEndpoint":{"serviceName":"frontend","ipv4":"192.0.2.10","port":8080},
              "remoteEndpoint":{"serviceName":"backend","ipv6":"2001:db8::1","port":9000},
              "annotations":[{"timestamp":1700000000124000,"value":"wr"}],
              "tags":{"http.method":"GET","error":"true","otel.library.name":"lib"}}]
            """;

        var fromProto = Assert.Single(Decode(proto).Spans);
        var fromJson = Assert.Single(ZipkinJsonDecoder.Decode(Encoding.UTF8.GetBytes(json)).Spans);

        ZipkinAssert.SpanEqual(fromJson, fromProto);
        Assert.Equal(new TraceId(0, 0x463ac35c9f6413ad), fromProto.TraceId);
        Assert.Equal(StatusCode.Error, fromProto.Status.Code);
        Assert.Equal("lib", fromProto.Scope.Name);
        Assert.Equal(6, fromProto.Attributes.Length);
    }

    [Fact]
    public void AbsentTimestampAndUnknownKindAreHandled()
    {
        var span = Valid();
        span.Timestamp = 0;
        span.Kind = (ProtoSpan.Types.Kind)9;

        var model = Assert.Single(Decode(span).Spans);

        Assert.Equal(0UL, model.StartTimeUnixNano);
        Assert.Equal(1_500_000UL, model.EndTimeUnixNano);
        Assert.Equal(SpanKind.Unspecified, model.Kind);
        Assert.Equal(["unknown zipkin span kind \"9\"; treated as unspecified"], model.Warnings.ToArray());
        Assert.True(model.TryGetAttribute("otel.zipkin.absentField.startTime", out var absent) && absent.AsBool);
    }

    [Fact]
    public void InvalidIdsRejectOnlyTheirSpan()
    {
        var shortTrace = Valid();
        shortTrace.TraceId = Bytes("0102030405");
        var zeroTrace = Valid();
        zeroTrace.TraceId = Bytes("0000000000000000");
        var shortId = Valid();
        shortId.Id = Bytes("01020304050607");
        var zeroId = Valid();
        zeroId.Id = Bytes("0000000000000000");
        var badParent = Valid();
        badParent.ParentId = Bytes("010203");

        var result = Decode(Valid("0000000000000001"), shortTrace, zeroTrace, shortId, zeroId, badParent, Valid("0000000000000007"));

        Assert.Equal([new SpanId(1), new SpanId(7)], result.Spans.Select(s => s.SpanId).ToArray());
        Assert.Equal((2, 2, 1), (result.RejectedFor(RejectReason.InvalidTraceId), result.RejectedFor(RejectReason.InvalidSpanId), result.RejectedFor(RejectReason.InvalidParentSpanId)));
        Assert.Equal(
            "span 1: trace_id must be 8 or 16 bytes, got 5; span 2: trace_id must not be all zeros; span 3: id must be 8 bytes, got 7; "
            + "span 4: id must not be all zeros; span 5: parent_id must be empty or 8 bytes, got 3",
            result.ErrorMessage);
    }

    [Fact]
    public void MalformedPayloadsFailTheRequest()
    {
        var garbage = Assert.Throws<ZipkinDecodeException>(() => ZipkinProtobufDecoder.Decode([0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]));
        var ipv4 = Valid();
        ipv4.LocalEndpoint.Ipv4 = Bytes("C00002");
        var ipv6 = Valid();
        ipv6.RemoteEndpoint = new Endpoint { Ipv6 = Bytes("C0000201") };
        var port = Valid();
        port.RemoteEndpoint = new Endpoint { Port = 65536 };

        Assert.StartsWith("invalid Zipkin protobuf: ", garbage.Message);
        Assert.Equal("invalid Zipkin protobuf: span 1: local_endpoint.ipv4 must be 4 bytes, got 3",
            Assert.Throws<ZipkinDecodeException>(() => Decode(Valid(), ipv4)).Message);
        Assert.Equal("invalid Zipkin protobuf: span 0: remote_endpoint.ipv6 must be 16 bytes, got 4",
            Assert.Throws<ZipkinDecodeException>(() => Decode(ipv6)).Message);
        Assert.Equal("invalid Zipkin protobuf: span 0: remote_endpoint.port must be from 0 to 65535, got 65536",
            Assert.Throws<ZipkinDecodeException>(() => Decode(port)).Message);
    }
}
