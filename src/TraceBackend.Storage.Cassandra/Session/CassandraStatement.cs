namespace TraceBackend.Storage.Cassandra.Session;

/// <summary>
/// A CQL statement with positional <c>?</c> markers and its values (CLR mapping in <see cref="ICassandraSession"/>).
/// Statement texts are constants of the store, so implementations may prepare and cache them by text.
/// </summary>
public sealed record CassandraStatement(string Cql, IReadOnlyList<object?> Values)
{
    /// <summary>Rows per page for SELECTs; 0 disables paging.</summary>
    public int PageSize { get; init; } = 5000;

    /// <summary>The statement can be retried safely after a timeout (every INSERT of the store is).</summary>
    public bool Idempotent { get; init; } = true;

    public override string ToString() => Cql;
}
