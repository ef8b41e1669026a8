namespace TraceBackend.Host.Options;

/// <summary>What a process runs. All-in-one is the union of collector and query.</summary>
public enum Role
{
    AllInOne,
    Collector,
    Query,
}
