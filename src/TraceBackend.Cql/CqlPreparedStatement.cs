namespace TraceBackend.Cql;

/// <summary>
/// A statement prepared by <see cref="CqlCluster.PrepareAsync"/>. Bound values are encoded by <see cref="Variables"/>'
/// types. When a host answers Unprepared the cluster prepares the text again on that host and may replace
/// <see cref="Id"/> and <see cref="ResultColumns"/>; both are swapped together and atomically.
/// </summary>
public sealed class CqlPreparedStatement
{
    private volatile PreparedState _state;

    internal CqlPreparedStatement(
        string cql,
        byte[] id,
        IReadOnlyList<CqlColumn> variables,
        IReadOnlyList<int> partitionKeyIndices,
        IReadOnlyList<CqlColumn> resultColumns)
    {
        Cql = cql;
        Variables = variables;
        PartitionKeyIndices = partitionKeyIndices;
        _state = new PreparedState(id, resultColumns);
    }

    /// <summary>The prepared query id (the [short bytes] of the Prepared result).</summary>
    public byte[] Id => _state.Id;

    public string Cql { get; }

    /// <summary>Bind variables in marker order.</summary>
    public IReadOnlyList<CqlColumn> Variables { get; }

    /// <summary>For each partition-key column, the index of its bind variable (empty when not all are bound).</summary>
    public IReadOnlyList<int> PartitionKeyIndices { get; }

    /// <summary>Columns of the rows an execution returns (may be empty even for SELECTs; spec §4.2.5.4).</summary>
    public IReadOnlyList<CqlColumn> ResultColumns => _state.ResultColumns;

    internal void Update(byte[] id, IReadOnlyList<CqlColumn> resultColumns) => _state = new PreparedState(id, resultColumns);

    public override string ToString() => Cql;

    private sealed record PreparedState(byte[] Id, IReadOnlyList<CqlColumn> ResultColumns);
}
