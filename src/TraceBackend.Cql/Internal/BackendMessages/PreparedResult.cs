using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>
/// RESULT kind Prepared (spec §4.2.5.4): &lt;id&gt;&lt;metadata&gt;&lt;result_metadata&gt;, where the bind metadata is
/// &lt;flags&gt;&lt;columns_count&gt;&lt;pk_count&gt;[&lt;pk_index_i&gt;…][&lt;global_table_spec&gt;?&lt;col_spec_i&gt;…].
/// </summary>
internal sealed class PreparedResult(
    byte[] id, IReadOnlyList<CqlColumn> variables, IReadOnlyList<int> partitionKeyIndices, RowsMetadata resultMetadata)
    : BackendMessage
{
    public override string Name => "RESULT Prepared";

    public byte[] Id { get; } = id;

    public IReadOnlyList<CqlColumn> Variables { get; } = variables;

    public IReadOnlyList<int> PartitionKeyIndices { get; } = partitionKeyIndices;

    public RowsMetadata ResultMetadata { get; } = resultMetadata;

    public static PreparedResult Read(ref CqlReader reader)
    {
        var id = reader.ReadShortBytes();
        var flags = reader.ReadInt();
        var count = RowsMetadata.ReadCount(ref reader, "bind columns_count");
        var pkCount = RowsMetadata.ReadCount(ref reader, "pk_count");
        var pkIndices = new int[pkCount];
        for (var i = 0; i < pkCount; i++)
        {
            pkIndices[i] = reader.ReadShort();
        }

        var variables = RowsMetadata.ReadColumnSpecs(ref reader, flags, count);
        return new PreparedResult(id, variables, pkIndices, RowsMetadata.Read(ref reader));
    }
}
