namespace TraceBackend.Cql;

/// <summary>A result column or a bind variable: table spec, name and type (spec §4.2.5.2 &lt;col_spec_i&gt;).</summary>
public sealed record CqlColumn(string Keyspace, string Table, string Name, CqlType Type);
