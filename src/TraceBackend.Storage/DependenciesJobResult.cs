namespace TraceBackend.Storage;

/// <summary>What one <see cref="DependenciesJob.RunAsync"/> found: traces visited, distinct links, total calls.</summary>
public readonly record struct DependenciesJobResult(int Traces, int Links, ulong Calls);
