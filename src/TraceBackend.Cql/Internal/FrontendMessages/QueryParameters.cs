using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.FrontendMessages;

/// <summary>
/// &lt;query_parameters&gt; of QUERY and EXECUTE (spec §4.1.4):
/// &lt;consistency&gt;&lt;flags&gt;[&lt;n&gt;&lt;value_i&gt;…][&lt;result_page_size&gt;][&lt;paging_state&gt;][&lt;serial_consistency&gt;][&lt;timestamp&gt;].
/// Values are always positional (flag 0x40 is never sent).
/// </summary>
internal sealed record QueryParameters(CqlConsistency Consistency)
{
    public const byte ValuesFlag = 0x01;
    public const byte SkipMetadataFlag = 0x02;
    public const byte PageSizeFlag = 0x04;
    public const byte PagingStateFlag = 0x08;
    public const byte SerialConsistencyFlag = 0x10;
    public const byte DefaultTimestampFlag = 0x20;

    public BoundValues Values { get; init; } = BoundValues.Empty;

    public bool SkipMetadata { get; init; }

    /// <summary>0 or less: no page size is sent.</summary>
    public int PageSize { get; init; }

    public byte[]? PagingState { get; init; }

    public CqlConsistency? SerialConsistency { get; init; }

    /// <summary>Default write timestamp in microseconds since the epoch.</summary>
    public long? DefaultTimestamp { get; init; }

    public void Write(CqlWriteBuffer buffer)
    {
        byte flags = 0;
        flags |= Values.Count > 0 ? ValuesFlag : (byte)0;
        flags |= SkipMetadata ? SkipMetadataFlag : (byte)0;
        flags |= PageSize > 0 ? PageSizeFlag : (byte)0;
        flags |= PagingState is not null ? PagingStateFlag : (byte)0;
        flags |= SerialConsistency is not null ? SerialConsistencyFlag : (byte)0;
        flags |= DefaultTimestamp is not null ? DefaultTimestampFlag : (byte)0;

        buffer.WriteConsistency(Consistency);
        buffer.WriteByte(flags);
        if (Values.Count > 0)
        {
            buffer.WriteShort(checked((ushort)Values.Count));
            buffer.WriteRaw(Values.Encoded);
        }

        if (PageSize > 0)
        {
            buffer.WriteInt(PageSize);
        }

        if (PagingState is not null)
        {
            buffer.WriteBytes(PagingState);
        }

        if (SerialConsistency is { } serial)
        {
            buffer.WriteConsistency(serial);
        }

        if (DefaultTimestamp is { } timestamp)
        {
            buffer.WriteLong(timestamp);
        }
    }
}
