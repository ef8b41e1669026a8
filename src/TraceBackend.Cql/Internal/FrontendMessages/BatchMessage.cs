using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.FrontendMessages;

/// <summary>
/// BATCH (spec §4.1.7): &lt;type&gt;&lt;n&gt;&lt;query_1&gt;…&lt;query_n&gt;&lt;consistency&gt;&lt;flags&gt;[&lt;serial_consistency&gt;][&lt;timestamp&gt;].
/// The four low flag bits are always 0 and values are positional (0x40 is never sent: CASSANDRA-10246).
/// </summary>
internal sealed class BatchMessage(
    CqlBatchType type,
    IReadOnlyList<BatchEntry> entries,
    CqlConsistency consistency,
    CqlConsistency? serialConsistency = null,
    long? defaultTimestamp = null) : IFrontendMessage
{
    public CqlOpcode Opcode => CqlOpcode.Batch;

    public IReadOnlyList<BatchEntry> Entries { get; } = entries;

    public void WriteBody(CqlWriteBuffer buffer)
    {
        buffer.WriteByte((byte)type);
        buffer.WriteShort(checked((ushort)Entries.Count));
        foreach (var entry in Entries)
        {
            if (entry.Statement is { } statement)
            {
                buffer.WriteByte(1);
                buffer.WriteShortBytes(statement.Id);
            }
            else
            {
                buffer.WriteByte(0);
                buffer.WriteLongString(entry.Query!);
            }

            buffer.WriteShort(checked((ushort)entry.Values.Count));
            buffer.WriteRaw(entry.Values.Encoded);
        }

        byte flags = 0;
        flags |= serialConsistency is not null ? QueryParameters.SerialConsistencyFlag : (byte)0;
        flags |= defaultTimestamp is not null ? QueryParameters.DefaultTimestampFlag : (byte)0;
        buffer.WriteConsistency(consistency);
        buffer.WriteByte(flags);
        if (serialConsistency is { } serial)
        {
            buffer.WriteConsistency(serial);
        }

        if (defaultTimestamp is { } timestamp)
        {
            buffer.WriteLong(timestamp);
        }
    }
}
