namespace TraceBackend.Storage;

/// <summary>A complete storage backend: writes, reads and dependencies, with what it can do.</summary>
public interface ITraceStore : ITraceWriter, ITraceReader, IDependencyReader
{
    StorageCapabilities Capabilities { get; }
}
