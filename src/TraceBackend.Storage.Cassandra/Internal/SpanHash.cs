using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The <c>span_hash</c> clustering value: 64-bit FNV-1a over the row's content, so the same span always gets the
/// same row key (a rewrite overwrites instead of duplicating) and spans that only share a span ID (Zipkin-style
/// client/server halves) get different rows. Hashed, in column order, with every integer big-endian and every
/// string as its UTF-8 byte count (4 bytes) then its UTF-8 bytes: the 16 trace ID bytes, span_id, parent_id,
/// operation_name, flags, start_time, duration; tags (count, then each key/value); logs (count, then ts and the fields);
/// refs (count, then ref_type, the trace ID blob as length + bytes, span_id); a process marker byte (0 none, 1 present)
/// then service_name and its tags. A key/value is hashed as key, value_type, value_string, value_bool (1 byte),
/// value_long, the IEEE bits of value_double, and value_binary as length + bytes (length −1 for null). The
/// span_hash column itself is not hashed. Jaeger hashes its own serialization (and Jaeger v2 writes 0), so hashes
/// are only compared within this store's writes.
/// </summary>
internal static class SpanHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static long Compute(SpanRow row)
    {
        var h = new Fnv64();
        Span<byte> id = stackalloc byte[16];
        row.TraceId.WriteBytes(id);
        h.Add(id);
        h.Add(row.SpanId);
        h.Add(row.ParentId);
        h.Add(row.OperationName);
        h.Add(row.Flags);
        h.Add(row.StartTime);
        h.Add(row.Duration);
        AddKeyValues(ref h, row.Tags);
        h.Add(row.Logs.Count);
        foreach (var log in row.Logs)
        {
            h.Add(log.Timestamp);
            AddKeyValues(ref h, log.Fields);
        }

        h.Add(row.Refs.Count);
        foreach (var reference in row.Refs)
        {
            h.Add(reference.RefType);
            h.AddBlob(reference.TraceId);
            h.Add(reference.SpanId);
        }

        if (row.Process is { } process)
        {
            h.AddByte(1);
            h.Add(process.ServiceName);
            AddKeyValues(ref h, process.Tags);
        }
        else
        {
            h.AddByte(0);
        }

        return unchecked((long)h.Value);
    }

    private static void AddKeyValues(ref Fnv64 h, IReadOnlyList<DbKeyValue> values)
    {
        h.Add(values.Count);
        foreach (var kv in values)
        {
            h.Add(kv.Key);
            h.Add(kv.ValueType);
            h.Add(kv.ValueString);
            h.AddByte(kv.ValueBool ? (byte)1 : (byte)0);
            h.Add(kv.ValueLong);
            h.Add(BitConverter.DoubleToInt64Bits(kv.ValueDouble));
            h.AddBlob(kv.ValueBinary);
        }
    }

    private struct Fnv64
    {
        private ulong _value;

        public Fnv64() => _value = OffsetBasis;

        public readonly ulong Value => _value;

        public void AddByte(byte b) => _value = unchecked((_value ^ b) * Prime);

        public void Add(ReadOnlySpan<byte> bytes)
        {
            var v = _value;
            foreach (var b in bytes)
            {
                v = unchecked((v ^ b) * Prime);
            }

            _value = v;
        }

        public void Add(int value)
        {
            Span<byte> buffer = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(buffer, value);
            Add(buffer);
        }

        public void Add(long value)
        {
            Span<byte> buffer = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(buffer, value);
            Add(buffer);
        }

        public void AddBlob(byte[]? blob)
        {
            if (blob is null)
            {
                Add(-1);
                return;
            }

            Add(blob.Length);
            Add(blob);
        }

        public void Add(string text)
        {
            var length = Encoding.UTF8.GetByteCount(text);
            Add(length);
            byte[]? rented = null;
            var buffer = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
            try
            {
                var written = Encoding.UTF8.GetBytes(text, buffer);
                Add(buffer[..written]);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }
}
