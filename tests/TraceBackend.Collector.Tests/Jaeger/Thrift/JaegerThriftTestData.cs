using TraceBackend.Collector.Jaeger.Thrift;

namespace TraceBackend.Collector.Tests.Jaeger.Thrift;

/// <summary>Jaeger Thrift batches and agent messages built with <see cref="ThriftTestWriter"/>.</summary>
internal static class JaegerThriftTestData
{
    public const long TraceHigh = 0x0102030405060708;
    public const long TraceLow = 0x1112131415161718;
    public const long StartMicros = 1_700_000_000_000_000;

    /// <summary>A span as field values; <see cref="WriteSpan"/> encodes it.</summary>
    public sealed record SpanSpec(long SpanId, long ParentSpanId = 0, string Operation = "op", long TraceHigh = TraceHigh, long TraceLow = TraceLow, bool Full = false);

    public static byte[] Batch(ThriftProtocol protocol, string service, params SpanSpec[] spans)
    {
        var w = new ThriftTestWriter(protocol);
        WriteBatch(w, service, spans);
        return w.ToArray();
    }

    public static byte[] EmitBatch(ThriftProtocol protocol, string service, ThriftMessageType type = ThriftMessageType.Oneway, params SpanSpec[] spans)
    {
        var w = new ThriftTestWriter(protocol);
        w.MessageBegin(JaegerThriftDecoder.EmitBatchMethod, type, 0).StructBegin().Field(ThriftType.Struct, 1);
        WriteBatch(w, service, spans);
        w.StructEnd();
        return w.ToArray();
    }

    public static void WriteBatch(ThriftTestWriter w, string service, SpanSpec[] spans)
    {
        w.StructBegin();
        w.Field(ThriftType.Struct, 1).StructBegin()
            .Field(ThriftType.String, 1).String(service)
            .Field(ThriftType.List, 2).ListBegin(ThriftType.Struct, 1);
        Tag(w, "hostname", 0, t => t.Field(ThriftType.String, 3).String("host-1"));
        w.StructEnd();
        w.Field(ThriftType.List, 2).ListBegin(ThriftType.Struct, spans.Length);
        foreach (var s in spans)
        {
            WriteSpan(w, s);
        }

        w.Field(ThriftType.I64, 3).I64(7); // seqNo
        w.StructEnd();
    }

    public static void WriteSpan(ThriftTestWriter w, SpanSpec s)
    {
        w.StructBegin()
            .Field(ThriftType.I64, 1).I64(s.TraceLow)
            .Field(ThriftType.I64, 2).I64(s.TraceHigh)
            .Field(ThriftType.I64, 3).I64(s.SpanId)
            .Field(ThriftType.I64, 4).I64(s.ParentSpanId)
            .Field(ThriftType.String, 5).String(s.Operation);
        if (s.Full)
        {
            w.Field(ThriftType.List, 6).ListBegin(ThriftType.Struct, 2);
            w.StructBegin().Field(ThriftType.I32, 1).I32(1).Field(ThriftType.I64, 2).I64(s.TraceLow).Field(ThriftType.I64, 3).I64(s.TraceHigh)
                .Field(ThriftType.I64, 4).I64(0x99).StructEnd();
            w.StructBegin().Field(ThriftType.I32, 1).I32(0).Field(ThriftType.I64, 2).I64(0).Field(ThriftType.I64, 3).I64(0)
                .Field(ThriftType.I64, 4).I64(0x98).StructEnd();
        }

        w.Field(ThriftType.I32, 7).I32(1)
            .Field(ThriftType.I64, 8).I64(StartMicros)
            .Field(ThriftType.I64, 9).I64(250);
        if (s.Full)
        {
            w.Field(ThriftType.List, 10).ListBegin(ThriftType.Struct, 6);
            Tag(w, "str", 0, t => t.Field(ThriftType.String, 3).String("v"));
            Tag(w, "dbl", 1, t => t.Field(ThriftType.Double, 4).Double(1.5));
            Tag(w, "flag", 2, t => t.BoolField(5, true));
            Tag(w, "num", 3, t => t.Field(ThriftType.I64, 6).I64(-42));
            Tag(w, "bin", 4, t => t.Field(ThriftType.String, 7).Binary([1, 2, 3]));
            Tag(w, "odd", 9, _ => { });
            w.Field(ThriftType.List, 11).ListBegin(ThriftType.Struct, 1);
            w.StructBegin().Field(ThriftType.I64, 1).I64(StartMicros + 10).Field(ThriftType.List, 2).ListBegin(ThriftType.Struct, 2);
            Tag(w, "event", 0, t => t.Field(ThriftType.String, 3).String("retry"));
            Tag(w, "attempt", 3, t => t.Field(ThriftType.I64, 6).I64(2));
            w.StructEnd();

            // An unknown field (the historical "12: bool incomplete") is skipped.
            w.BoolField(12, false);
        }

        w.StructEnd();
    }

    private static void Tag(ThriftTestWriter w, string key, int type, Action<ThriftTestWriter> value)
    {
        w.StructBegin().Field(ThriftType.String, 1).String(key).Field(ThriftType.I32, 2).I32(type);
        value(w);
        w.StructEnd();
    }
}
