namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>Opens segment files for writing (test seam, see <see cref="IWalFile"/>).</summary>
internal interface IWalFileSystem
{
    /// <summary>Opens <paramref name="path"/> for read/write; <paramref name="createNew"/> fails if it exists.</summary>
    IWalFile Open(string path, bool createNew);

    /// <summary>Truncates an existing file (used by recovery before any segment is opened for appends).</summary>
    void Truncate(string path, long length);
}
