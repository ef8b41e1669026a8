namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>
/// What parsing a response needs beyond its bytes: the sending host (for exceptions), the missing-keyspace advice, and
/// the prepared result columns that decode a Rows result sent with No_metadata.
/// </summary>
internal readonly record struct ResponseContext(string Host, string KeyspaceHint, IReadOnlyList<CqlColumn>? ResultColumns = null);
