using Microsoft.Win32.SafeHandles;

namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>Real files via <see cref="RandomAccess"/> on a <see cref="SafeFileHandle"/>.</summary>
internal sealed class PhysicalWalFileSystem : IWalFileSystem
{
    public static readonly PhysicalWalFileSystem Instance = new();

    public IWalFile Open(string path, bool createNew) => new PhysicalWalFile(
        File.OpenHandle(path, createNew ? FileMode.CreateNew : FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete));

    public void Truncate(string path, long length)
    {
        using var file = Open(path, createNew: false);
        file.SetLength(length);
        file.Flush();
    }

    private sealed class PhysicalWalFile(SafeFileHandle handle) : IWalFile
    {
        public void Write(IReadOnlyList<ReadOnlyMemory<byte>> buffers, long offset) =>
            RandomAccess.Write(handle, buffers, offset);

        public void Flush() => RandomAccess.FlushToDisk(handle);

        public void SetLength(long length) => RandomAccess.SetLength(handle, length);

        public void Dispose() => handle.Dispose();
    }
}
