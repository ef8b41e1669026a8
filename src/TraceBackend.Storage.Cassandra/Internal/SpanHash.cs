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
    /// <summary>Rows hashed side by side by <see cref="Compute(ReadOnlySpan{SpanRowContent}, Span{long})"/>.</summary>
    public const int Lanes = 4;

    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static long Compute(SpanRow row) => Compute(SpanRowContent.Of(row));

    public static long Compute(in SpanRowContent row)
    {
        Span<long> hash = stackalloc long[1];
        Compute(new ReadOnlySpan<SpanRowContent>(in row), hash);
        return hash[0];
    }

    /// <summary>
    /// The hashes of <paramref name="rows"/> into <paramref name="hashes"/> (same length), each equal to hashing the
    /// row alone. Each FNV-1a step depends on the previous one, so one row's hash runs at the multiplier's latency;
    /// the rows are therefore serialized <see cref="Lanes"/> at a time into one reused buffer (consecutive rows with
    /// the same <see cref="DbProcess"/> instance reuse its serialized bytes) and their chains advanced together.
    /// </summary>
    public static void Compute(ReadOnlySpan<SpanRowContent> rows, Span<long> hashes)
    {
        if (hashes.Length != rows.Length)
        {
            throw new ArgumentException($"{hashes.Length} hashes for {rows.Length} rows", nameof(hashes));
        }

        var input = new SpanHashInput();
        try
        {
            Span<Lane> lanes = stackalloc Lane[Lanes];
            Span<ulong> lanesHashes = stackalloc ulong[Lanes];
            for (var first = 0; first < rows.Length; first += Lanes)
            {
                var count = Math.Min(Lanes, rows.Length - first);
                input.Clear();
                for (var i = 0; i < Lanes; i++)
                {
                    var start = input.Length;
                    if (i < count)
                    {
                        input.Append(in rows[first + i]);
                    }

                    lanes[i] = new Lane(start, input.Length - start, i);
                }

                Fnv1a(input.Written, lanes, lanesHashes);
                for (var i = 0; i < count; i++)
                {
                    hashes[first + i] = unchecked((long)lanesHashes[i]);
                }
            }
        }
        finally
        {
            input.Dispose();
        }
    }

    /// <summary>
    /// 64-bit FNV-1a of the four byte ranges of <paramref name="bytes"/> that <paramref name="lanes"/> name, into
    /// <paramref name="hashes"/>[lane's index]. The lanes are sorted by length, then all four chains advance together up
    /// to the shortest length, the other three up to the next length, and so on (an empty lane, for a group of fewer
    /// than four rows, is done at once).
    /// </summary>
    private static void Fnv1a(ReadOnlySpan<byte> bytes, Span<Lane> lanes, Span<ulong> hashes)
    {
        lanes.Sort(static (x, y) => x.Length.CompareTo(y.Length));
        var a = bytes.Slice(lanes[0].Start, lanes[0].Length);
        var b = bytes.Slice(lanes[1].Start, lanes[1].Length);
        var c = bytes.Slice(lanes[2].Start, lanes[2].Length);
        var d = bytes.Slice(lanes[3].Start, lanes[3].Length);
        ulong ha = OffsetBasis, hb = OffsetBasis, hc = OffsetBasis, hd = OffsetBasis;
        var i = 0;
        for (; i < a.Length; i++)
        {
            ha = unchecked((ha ^ a[i]) * Prime);
            hb = unchecked((hb ^ b[i]) * Prime);
            hc = unchecked((hc ^ c[i]) * Prime);
            hd = unchecked((hd ^ d[i]) * Prime);
        }

        for (; i < b.Length; i++)
        {
            hb = unchecked((hb ^ b[i]) * Prime);
            hc = unchecked((hc ^ c[i]) * Prime);
            hd = unchecked((hd ^ d[i]) * Prime);
        }

        for (; i < c.Length; i++)
        {
            hc = unchecked((hc ^ c[i]) * Prime);
            hd = unchecked((hd ^ d[i]) * Prime);
        }

        for (; i < d.Length; i++)
        {
            hd = unchecked((hd ^ d[i]) * Prime);
        }

        hashes[lanes[0].Index] = ha;
        hashes[lanes[1].Index] = hb;
        hashes[lanes[2].Index] = hc;
        hashes[lanes[3].Index] = hd;
    }

    /// <summary>One row's bytes in the input buffer and the row's index in its group.</summary>
    private readonly record struct Lane(int Start, int Length, int Index);
}
