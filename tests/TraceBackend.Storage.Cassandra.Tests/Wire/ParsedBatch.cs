using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>
/// A BATCH body (spec §4.1.7) as the fake server reads it: &lt;type&gt;&lt;n&gt;&lt;query_1&gt;…&lt;query_n&gt;
/// &lt;consistency&gt;&lt;flags&gt;[&lt;serial_consistency&gt;][&lt;timestamp&gt;], each query being
/// &lt;kind&gt;&lt;string_or_id&gt;&lt;n&gt;&lt;value_1&gt;…&lt;value_n&gt; (kind 1 = prepared id).
/// </summary>
internal sealed record ParsedBatch(byte Type, IReadOnlyList<(byte[] Id, IReadOnlyList<byte[]?> Values)> Entries, int Consistency, byte Flags)
{
    public const byte Logged = 0;
    public const byte Unlogged = 1;

    public static ParsedBatch Of(FakeRequest request)
    {
        var reader = new SpecReader(request.Body);
        var type = reader.Byte();
        var count = reader.Short();
        var entries = new List<(byte[], IReadOnlyList<byte[]?>)>(count);
        for (var i = 0; i < count; i++)
        {
            if (reader.Byte() != 1)
            {
                throw new InvalidDataException("the store only batches prepared statements");
            }

            var id = reader.ShortBytes();
            var values = new byte[]?[reader.Short()];
            for (var v = 0; v < values.Length; v++)
            {
                values[v] = reader.Bytes();
            }

            entries.Add((id, values));
        }

        var consistency = reader.Short();
        var flags = reader.Byte();
        if ((flags & 0x10) != 0)
        {
            reader.Short();
        }

        if ((flags & 0x20) != 0)
        {
            reader.Long();
        }

        return reader.Remaining == 0 ? new ParsedBatch(type, entries, consistency, flags) : throw new InvalidDataException($"{reader.Remaining} bytes after the batch");
    }
}
