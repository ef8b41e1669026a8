namespace TraceBackend.Cql;

/// <summary>
/// A Schema_change result (spec §4.2.5.5): <see cref="ChangeType"/> is CREATED, UPDATED or DROPPED; <see cref="Target"/>
/// is KEYSPACE, TABLE, TYPE, FUNCTION or AGGREGATE. <see cref="Name"/> is null for KEYSPACE; <see cref="ArgumentTypes"/>
/// is non-empty only for FUNCTION and AGGREGATE.
/// </summary>
public sealed record CqlSchemaChange(
    string ChangeType, string Target, string Keyspace, string? Name, IReadOnlyList<string> ArgumentTypes);
