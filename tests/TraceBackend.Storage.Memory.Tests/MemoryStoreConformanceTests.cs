using TraceBackend.Storage.Conformance;

namespace TraceBackend.Storage.Memory.Tests;

/// <summary>The shared storage conformance suite against a fresh <see cref="MemoryStore"/> per test.</summary>
public sealed class MemoryStoreConformanceTests : StorageConformanceTests
{
    protected override ValueTask<ITraceStore> CreateStoreAsync() => new(new MemoryStore());
}
