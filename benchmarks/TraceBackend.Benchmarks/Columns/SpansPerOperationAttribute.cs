namespace TraceBackend.Benchmarks.Columns;

/// <summary>
/// How many spans one benchmark operation handles (after <c>OperationsPerInvoke</c>); the per-span columns
/// divide the mean time and the allocation per operation by it. Benchmarks without it are per query.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SpansPerOperationAttribute(int spans) : Attribute
{
    public int Spans { get; } = spans;
}
