using TraceBackend.Collector.Jaeger.Thrift;
using TraceBackend.Model;
using TraceBackend.Otlp;
using static TraceBackend.Collector.Tests.Jaeger.Thrift.JaegerThriftTestData;

namespace TraceBackend.Collector.Tests.Jaeger.Thrift;

public sealed class JaegerThriftDecoderTests
{
    private readonly JaegerThriftDecoder _decoder = new();

    [Theory]
    [InlineData(ThriftProtocol.Binary)]
    [InlineData(ThriftProtocol.Compact)]
    public void FullBatchMapsEveryField(ThriftProtocol protocol)
    {
        var result = _decoder.DecodeBatch(Batch(protocol, "svc", new SpanSpec(5, ParentSpanId: 4, Operation: "GET /x", Full: true)), protocol);

        Assert.Equal(0, result.RejectedSpans);
        var span = Assert.Single(result.Spans);
        Assert.Equal(new TraceId(TraceHigh, TraceLow), span.TraceId);
        Assert.Equal(new SpanId(5), span.SpanId);
        Assert.Equal(new SpanId(4), span.ParentSpanId);
        Assert.Equal("GET /x", span.Name);
        Assert.Equal("svc", span.ServiceName);
        Assert.Equal("host-1", span.Resource.Attributes.Single(a => a.Key == "host.name").Value.AsString);
        Assert.Equal((ulong)StartMicros * 1000, span.StartTimeUnixNano);
        Assert.Equal(((ulong)StartMicros + 250) * 1000, span.EndTimeUnixNano);
        var attributes = span.Attributes.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal("v", attributes["str"].AsString);
        Assert.Equal(1.5, attributes["dbl"].AsDouble);
        Assert.True(attributes["flag"].AsBool);
        Assert.Equal(-42, attributes["num"].AsInt);
        Assert.Equal([1, 2, 3], attributes["bin"].AsBytes.ToArray());
        Assert.Equal("<Unknown Jaeger TagType \"<UNSET>\">", attributes["odd"].AsString);
        var log = Assert.Single(span.Events);
        Assert.Equal("retry", log.Name);
        Assert.Equal(((ulong)StartMicros + 10) * 1000, log.TimeUnixNano);
        Assert.Equal(2, log.Attributes.Single(a => a.Key == "attempt").Value.AsInt);
        var link = Assert.Single(span.Links);
        Assert.Equal(new SpanId(0x99), link.SpanId);
        Assert.Contains(span.Warnings, w => w == "reference 1 dropped: traceIdHigh/traceIdLow must not both be 0");
    }

    [Fact]
    public void BinaryAndCompactGiveTheSameSpans()
    {
        var spec = new SpanSpec(9, ParentSpanId: 3, Full: true);
        var binary = Assert.Single(_decoder.DecodeBatch(Batch(ThriftProtocol.Binary, "svc", spec), ThriftProtocol.Binary).Spans);
        var compact = Assert.Single(_decoder.DecodeBatch(Batch(ThriftProtocol.Compact, "svc", spec), ThriftProtocol.Compact).Spans);
        Assert.Equal(binary.Key, compact.Key);
        Assert.Equal(binary.Attributes.Select(a => a.Key + "=" + a.Value), compact.Attributes.Select(a => a.Key + "=" + a.Value));
    }

    [Fact]
    public void NegativeIdsAreReinterpretedAsUnsigned()
    {
        var result = _decoder.DecodeBatch(Batch(ThriftProtocol.Compact, "svc", new SpanSpec(-1, TraceHigh: 0, TraceLow: -2)), ThriftProtocol.Compact);
        var span = Assert.Single(result.Spans);
        Assert.Equal(new TraceId(0, ulong.MaxValue - 1), span.TraceId);
        Assert.Equal(new SpanId(ulong.MaxValue), span.SpanId);
        Assert.Equal("0000000000000000fffffffffffffffe", span.TraceId.ToHex32());
    }

    [Fact]
    public void ZeroIdsAreRejectedAndTheRestKept()
    {
        var result = _decoder.DecodeBatch(
            Batch(ThriftProtocol.Binary, "svc", new SpanSpec(1, TraceHigh: 0, TraceLow: 0), new SpanSpec(2), new SpanSpec(0)), ThriftProtocol.Binary);

        Assert.Equal(new SpanId(2), Assert.Single(result.Spans).SpanId);
        Assert.Equal(1, result.RejectedFor(RejectReason.InvalidTraceId));
        Assert.Equal(1, result.RejectedFor(RejectReason.InvalidSpanId));
        Assert.Equal("span 0 of the batch: traceIdHigh/traceIdLow must not both be 0; span 2 of the batch: spanId must not be 0", result.ErrorMessage);
    }

    [Theory]
    [InlineData(ThriftProtocol.Binary, ThriftMessageType.Oneway)]
    [InlineData(ThriftProtocol.Binary, ThriftMessageType.Call)]
    [InlineData(ThriftProtocol.Compact, ThriftMessageType.Oneway)]
    [InlineData(ThriftProtocol.Compact, ThriftMessageType.Call)]
    public void EmitBatchMessagesAreDecoded(ThriftProtocol protocol, ThriftMessageType type)
    {
        var result = _decoder.DecodeEmitBatch(EmitBatch(protocol, "agent-svc", type, new SpanSpec(1), new SpanSpec(2, ParentSpanId: 1)), protocol);

        Assert.Equal([1UL, 2UL], result.Spans.Select(s => s.SpanId.Value));
        Assert.All(result.Spans, s => Assert.Equal("agent-svc", s.ServiceName));
    }

    [Fact]
    public void EmitBatchRejectsOtherMethodsAndReplies()
    {
        var w = new ThriftTestWriter(ThriftProtocol.Compact).MessageBegin("emitZipkinBatch", ThriftMessageType.Oneway, 0).StructBegin().StructEnd();
        var ex = Assert.Throws<ThriftDecodeException>(() => _decoder.DecodeEmitBatch(w.ToArray(), ThriftProtocol.Compact));
        Assert.Equal("unsupported agent method \"emitZipkinBatch\"; only emitBatch is accepted", ex.Message);

        var reply = new ThriftTestWriter(ThriftProtocol.Binary).MessageBegin("emitBatch", ThriftMessageType.Reply, 0).StructBegin().StructEnd();
        ex = Assert.Throws<ThriftDecodeException>(() => _decoder.DecodeEmitBatch(reply.ToArray(), ThriftProtocol.Binary));
        Assert.Equal("emitBatch message has type Reply; expected Call or Oneway", ex.Message);

        var empty = new ThriftTestWriter(ThriftProtocol.Binary).MessageBegin("emitBatch", ThriftMessageType.Oneway, 0).StructBegin().StructEnd();
        ex = Assert.Throws<ThriftDecodeException>(() => _decoder.DecodeEmitBatch(empty.ToArray(), ThriftProtocol.Binary));
        Assert.Equal("emitBatch arguments have no batch (field 1)", ex.Message);
    }

    [Fact]
    public void TrailingBytesAndWrongFieldTypesAreErrors()
    {
        var bytes = Batch(ThriftProtocol.Binary, "svc", new SpanSpec(1)).Append((byte)0).ToArray();
        var ex = Assert.Throws<ThriftDecodeException>(() => _decoder.DecodeBatch(bytes, ThriftProtocol.Binary));
        Assert.Equal($"1 unexpected bytes after the Batch at byte offset {bytes.Length - 1}", ex.Message);

        var wrong = new ThriftTestWriter(ThriftProtocol.Compact).StructBegin().Field(ThriftType.I32, 2).I32(5).StructEnd();
        ex = Assert.Throws<ThriftDecodeException>(() => _decoder.DecodeBatch(wrong.ToArray(), ThriftProtocol.Compact));
        Assert.Equal("Batch field 2 before byte offset 1 has type I32, which is not its declared type", ex.Message);
    }

    [Theory]
    [InlineData(ThriftProtocol.Binary)]
    [InlineData(ThriftProtocol.Compact)]
    public void EveryTruncationIsADecodeErrorNamingAnOffset(ThriftProtocol protocol)
    {
        var message = EmitBatch(protocol, "svc", ThriftMessageType.Oneway, new SpanSpec(3, ParentSpanId: 2, Full: true));
        var batch = Batch(protocol, "svc", new SpanSpec(3, ParentSpanId: 2, Full: true));
        for (var length = 0; length < message.Length; length++)
        {
            var ex = Assert.Throws<ThriftDecodeException>(() => _decoder.DecodeEmitBatch(message.AsMemory(0, length), protocol));
            Assert.Contains("byte offset", ex.Message);
        }

        for (var length = 0; length < batch.Length; length++)
        {
            var ex = Assert.Throws<ThriftDecodeException>(() => _decoder.DecodeBatch(batch.AsMemory(0, length), protocol));
            Assert.Contains("byte offset", ex.Message);
        }
    }

    [Theory]
    [InlineData(ThriftProtocol.Binary)]
    [InlineData(ThriftProtocol.Compact)]
    public void CorruptedBytesNeverThrowAnythingElse(ThriftProtocol protocol)
    {
        var message = EmitBatch(protocol, "svc", ThriftMessageType.Oneway, new SpanSpec(3, Full: true));
        var random = new Random(1234);
        for (var i = 0; i < 3000; i++)
        {
            var copy = (byte[])message.Clone();
            for (var j = 0; j < 1 + (i % 4); j++)
            {
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
            }

            try
            {
                _decoder.DecodeEmitBatch(copy, protocol);
            }
            catch (ThriftDecodeException)
            {
            }
        }
    }
}
