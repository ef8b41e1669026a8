namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>The <c>process</c> UDT value: the service name and the process (resource) tags.</summary>
internal sealed record DbProcess(string ServiceName, IReadOnlyList<DbKeyValue> Tags);
