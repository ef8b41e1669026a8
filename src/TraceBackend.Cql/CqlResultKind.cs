namespace TraceBackend.Cql;

/// <summary>The RESULT &lt;kind&gt; (spec §4.2.5).</summary>
public enum CqlResultKind
{
    Void = 0x0001,
    Rows = 0x0002,
    SetKeyspace = 0x0003,
    Prepared = 0x0004,
    SchemaChange = 0x0005,
}
