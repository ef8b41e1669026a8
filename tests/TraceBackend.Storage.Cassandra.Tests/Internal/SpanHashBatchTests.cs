using System.Buffers.Binary;
using System.Text;
using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using static TraceBackend.Storage.Cassandra.Tests.Support.CodecFixtures;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

/// <summary>
/// The batched, lane-interleaved span hash against a plain byte-by-byte FNV-1a of the layout SpanHash documents,
/// written independently here: rows of different lengths, groups of fewer than four, shared and absent processes,
/// non-ASCII text and lone surrogates, binary and null values.
/// </summary>
public sealed class SpanHashBatchTests
{
    [Fact]
    public void Hashes_computed_together_equal_the_documented_FNV_1a_of_each_row()
    {
        var rows = Rows();

        var hashes = new long[rows.Length];
        SpanHash.Compute(rows, hashes);

        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(Reference(rows[i]), hashes[i]);
            Assert.Equal(hashes[i], SpanHash.Compute(in rows[i]));
        }

        for (var count = 1; count <= rows.Length; count++)
        {
            var prefix = new long[count];
            SpanHash.Compute(rows.AsSpan(0, count), prefix);
            Assert.Equal(hashes[..count], prefix);
        }
    }

    [Fact]
    public void Encoding_spans_together_gives_the_rows_of_encoding_each_alone()
    {
        var shared = new Resource([new("service.name", AttributeValue.String("api")), new("host.name", AttributeValue.String("h"))]);
        static Span Make(ulong id, string name, Resource resource) => new()
        {
            TraceId = TraceA,
            SpanId = new SpanId(id),
            Name = name,
            StartTimeUnixNano = Start + id,
            EndTimeUnixNano = Start + (id * 1000),
            Resource = resource,
        };
        Span[] spans =
        [
            Rich(),
            Make(6, "ä", shared),
            Make(7, "op", shared),
            Simple(OtherTrace, 8, "db", "SELECT", Start, 5, SpanKind.Client, new KeyValue("db.statement", AttributeValue.String(new string('q', 900)))),
            Make(9, "op", shared),
        ];
        var processes = spans.Select(s => SpanRowEncoder.EncodeProcess(s.Resource)).ToArray();
        var rows = new SpanRow[spans.Length];

        SpanRowEncoder.Encode(spans, processes, rows);

        for (var i = 0; i < spans.Length; i++)
        {
            var alone = SpanRowEncoder.Encode(spans[i]);
            Assert.Equal(alone.SpanHash, rows[i].SpanHash);
            Assert.Equal(SpanHash.Compute(alone), rows[i].SpanHash);
            Assert.Same(processes[i], rows[i].Process);
            Assert.Equal(alone.Tags.Select(SpanRowEncoderTests.Render), rows[i].Tags.Select(SpanRowEncoderTests.Render));
        }

        Assert.Throws<ArgumentException>(() => SpanRowEncoder.Encode(spans, processes[1..], rows));
    }

    private static SpanRowContent[] Rows()
    {
        var rich = SpanRowContent.Of(SpanRowEncoder.Encode(Rich()));
        var process = new DbProcess("svc-ü", [new DbKeyValue("host", DbValueTypes.String, ValueString: "h"), new DbKeyValue("bin", DbValueTypes.Binary, ValueBinary: [0, 255])]);
        DbKeyValue[] odd =
        [
            new("lone", DbValueTypes.String, ValueString: "a\uD800b"),
            new("pair", DbValueTypes.String, ValueString: "\U0001F600"),
            new("neg", DbValueTypes.Float64, ValueDouble: -0.0),
            new("long", DbValueTypes.Int64, ValueLong: long.MinValue),
            new("null-bytes", DbValueTypes.Binary),
            new("big", DbValueTypes.String, ValueString: new string('x', 5000)),
        ];
        return
        [
            rich,
            rich with { Process = process },
            rich with { Process = process, OperationName = "longer operation name" },
            rich with { Process = null, Tags = odd },
            new SpanRowContent(default, 0, 0, "", 0, 0, 0, [], [], [], null),
            rich with { Process = process, Logs = [] },
            rich with { TraceId = OtherTrace, Refs = [new DbSpanRef("follows-from", [1, 2, 3], -1)] },
            rich with { Tags = [.. odd, .. odd, .. odd] },
            rich,
            rich with { Process = process },
            rich with { SpanId = 42 },
        ];
    }

    /// <summary>FNV-1a 64 of the documented serialization, one byte at a time.</summary>
    private static long Reference(SpanRowContent row)
    {
        var bytes = new List<byte>();
        void Int(int v)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(b, v);
            bytes.AddRange(b);
        }

        void Long(long v)
        {
            var b = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(b, v);
            bytes.AddRange(b);
        }

        void Text(string s)
        {
            var utf8 = Encoding.UTF8.GetBytes(s);
            Int(utf8.Length);
            bytes.AddRange(utf8);
        }

        void Blob(byte[]? b)
        {
            Int(b?.Length ?? -1);
            bytes.AddRange(b ?? []);
        }

        void KeyValues(IReadOnlyList<DbKeyValue> kvs)
        {
            Int(kvs.Count);
            foreach (var kv in kvs)
            {
                Text(kv.Key);
                Text(kv.ValueType);
                Text(kv.ValueString);
                bytes.Add(kv.ValueBool ? (byte)1 : (byte)0);
                Long(kv.ValueLong);
                Long(BitConverter.DoubleToInt64Bits(kv.ValueDouble));
                Blob(kv.ValueBinary);
            }
        }

        bytes.AddRange(row.TraceId.ToBytes());
        Long(row.SpanId);
        Long(row.ParentId);
        Text(row.OperationName);
        Int(row.Flags);
        Long(row.StartTime);
        Long(row.Duration);
        KeyValues(row.Tags);
        Int(row.Logs.Count);
        foreach (var log in row.Logs)
        {
            Long(log.Timestamp);
            KeyValues(log.Fields);
        }

        Int(row.Refs.Count);
        foreach (var r in row.Refs)
        {
            Text(r.RefType);
            Blob(r.TraceId);
            Long(r.SpanId);
        }

        bytes.Add(row.Process is null ? (byte)0 : (byte)1);
        if (row.Process is { } process)
        {
            Text(process.ServiceName);
            KeyValues(process.Tags);
        }

        var h = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            h = unchecked((h ^ b) * 1099511628211UL);
        }

        return unchecked((long)h);
    }
}
