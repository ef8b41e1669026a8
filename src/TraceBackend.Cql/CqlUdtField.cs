namespace TraceBackend.Cql;

/// <summary>One field of a user-defined type, in declaration order.</summary>
public sealed record CqlUdtField(string Name, CqlType Type);
