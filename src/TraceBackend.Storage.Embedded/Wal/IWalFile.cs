namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>
/// The writable side of a segment file. A seam so tests can inject write/fsync failures; production uses
/// <see cref="PhysicalWalFileSystem"/>. Methods throw <see cref="IOException"/> (or
/// <see cref="UnauthorizedAccessException"/>) on failure. Called only under the log's I/O lock.
/// </summary>
internal interface IWalFile : IDisposable
{
    /// <summary>Writes all <paramref name="buffers"/> contiguously at <paramref name="offset"/>.</summary>
    void Write(IReadOnlyList<ReadOnlyMemory<byte>> buffers, long offset);

    /// <summary>fsync: data and metadata reach stable storage.</summary>
    void Flush();

    /// <summary>Truncates (or extends) the file.</summary>
    void SetLength(long length);
}
