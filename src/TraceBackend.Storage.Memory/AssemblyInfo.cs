using System.Runtime.CompilerServices;

// Memory-specific tests look at index internals (lazy cleanup of evicted entries).
[assembly: InternalsVisibleTo("TraceBackend.Storage.Memory.Tests")]
