using TraceBackend.Cql;

namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>One prepared statement of <see cref="V004Statements"/>: text, id, bind variables, result columns, key indices.</summary>
internal sealed record V004Statement(
    string Name,
    string Cql,
    byte[] Id,
    IReadOnlyList<(string Name, CqlType Type)> Variables,
    IReadOnlyList<(string Name, CqlType Type)> Columns,
    int[] PartitionKey);
