namespace TraceBackend.Model;

/// <summary>Calls from one service to another (a parent span in <see cref="Parent"/>, child in <see cref="Child"/>).</summary>
public sealed record DependencyLink(string Parent, string Child, ulong CallCount);
