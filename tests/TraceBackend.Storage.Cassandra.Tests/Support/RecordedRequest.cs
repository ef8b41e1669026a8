using TraceBackend.Storage.Cassandra.Session;

namespace TraceBackend.Storage.Cassandra.Tests.Support;

/// <summary>One request the session received: a statement, a batch, or a schema statement.</summary>
internal sealed record RecordedRequest(string Kind, IReadOnlyList<CassandraStatement> Statements);
