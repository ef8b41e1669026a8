using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using TraceBackend.Collector.Tests.Support;
using static TraceBackend.Otlp.Tests.Support.Wire;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceBackend.Otlp.Tests;

/// <summary>Malformed payloads throw <see cref="OtlpDecodeException"/> with a clear message: never another exception, never a hang.</summary>
public sealed class OtlpProtobufDecoderMalformedTests
{
    private readonly OtlpProtobufDecoder _decoder = new();

    [Fact]
    public void Every_truncation_of_a_request_is_malformed()
    {
        var span = TestData.Span(1);
        span.Attributes.Add(TestData.Attr("k", new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { DoubleValue = 1 }, new AnyValue { IntValue = -1 } } } }));
        span.Events.Add(new ProtoSpan.Types.Event { Name = "e", TimeUnixNano = 1 });
        span.Links.Add(new ProtoSpan.Types.Link { TraceId = TestData.TraceId(2), SpanId = TestData.SpanId(2), Flags = 1 });
        span.Flags = 1;
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "m" };
        var payload = TestData.Request("svc", span).ToByteArray();
        Assert.Single(_decoder.Decode(payload).Spans);

        for (var length = 1; length < payload.Length; length++)
        {
            var prefix = payload.AsSpan(0, length).ToArray();
            var ex = Assert.Throws<OtlpDecodeException>(() => _decoder.Decode(prefix));
            Assert.StartsWith("invalid OTLP protobuf: ", ex.Message);
            Assert.Throws<InvalidProtocolBufferException>(() => ExportTraceServiceRequest.Parser.ParseFrom(prefix));
        }
    }

    public static TheoryData<string, byte[]> MalformedPayloads => new()
    {
        { "truncated varint", [0x08, 0x80] },
        { "varint longer than 10 bytes", [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01] },
        { "invalid field tag 0", [0x00, 0x01] },
        { "invalid field tag", [0x80, 0x80, 0x80, 0x80, 0x80, 0x01] },
        { "invalid wire type 6", [0x0E, 0x01] },
        { "invalid wire type 7", Concat(Field(1, Field(2, [0x17]))) },
        { "runs past the end", [0x0A, 0x05, 0x00] },
        { "runs past the end", [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F] },
        { "runs past the end", Field(1, [0x0A, 0x10]) },
        { "truncated fixed64", Concat(Field(1, Field(2, Field(2, [0x39, 1, 2, 3])))) },
        { "truncated fixed32", Concat(Field(1, Field(2, Field(2, [0x85, 0x01, 1, 2])))) },
        { "without a start-group", [0x0C] },
        { "is not terminated", Concat(Tag(5, 3), Varint(1, 1)) },
        { "inside the group", Concat(Tag(5, 3), Tag(6, 4)) },
        { "not valid UTF-8", Field(1, Field(2, Field(2, Field(5, [0xC3, 0x28])))) },
        { "not valid UTF-8", Field(1, Field(2, Field(2, Field(9, Field(1, [0xFF]))))) },
        { "not valid UTF-8", Field(1, Field(2, Field(2, Field(9, Field(1, "k"u8.ToArray()), Field(2, Field(1, [0xED, 0xA0, 0x80])))))) },
        { "not valid UTF-8", Field(1, Field(1, Field(1, Field(1, [0x80])))) },
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void Malformed_payload_names_the_problem(string problem, byte[] payload)
    {
        var ex = Assert.Throws<OtlpDecodeException>(() => _decoder.Decode(payload));
        Assert.StartsWith("invalid OTLP protobuf: ", ex.Message);
        Assert.Contains(problem, ex.Message);
        Assert.Contains("(byte ", ex.Message);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_malformed()
    {
        var value = Field(1, "leaf"u8.ToArray());
        for (var i = 0; i < 200; i++)
        {
            value = Field(5, Field(1, value));
        }

        var payload = Field(1, Field(2, Field(2, TestData.Span(1).ToByteArray(), Field(9, Field(1, "k"u8.ToArray()), Field(2, value)))));
        var ex = Assert.Throws<OtlpDecodeException>(() => _decoder.Decode(payload));
        Assert.Contains("nested more than 100 deep", ex.Message);
        Assert.Throws<InvalidProtocolBufferException>(() => ExportTraceServiceRequest.Parser.ParseFrom(payload));

        var groups = Field(1, Enumerable.Range(0, 200).Select(static _ => Tag(7, 3)).Concat(Enumerable.Range(0, 200).Select(static _ => Tag(7, 4))).ToArray());
        Assert.Contains("nested more than 100 deep", Assert.Throws<OtlpDecodeException>(() => _decoder.Decode(groups)).Message);
    }

    [Fact]
    public void Random_mutations_either_decode_or_throw_OtlpDecodeException()
    {
        var span = TestData.Span(1);
        span.Attributes.Add(TestData.Attr("k", new AnyValue { KvlistValue = new KeyValueList { Values = { TestData.Attr("a", "b") } } }));
        span.Events.Add(new ProtoSpan.Types.Event { Name = "e" });
        var payload = TestData.Request("svc", span, TestData.Span(2)).ToByteArray();
        var random = new Random(12345);
        for (var i = 0; i < 3000; i++)
        {
            var mutated = (byte[])payload.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            try
            {
                var result = _decoder.Decode(mutated);
                Assert.True(result.Spans.Count + result.RejectedSpans >= 0);
            }
            catch (OtlpDecodeException)
            {
            }
        }
    }

}
