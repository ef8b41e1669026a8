namespace TraceBackend.Storage.Embedded.Tests.Wal;

/// <summary>A fresh temp directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("tb-wal-").FullName;

    public string Path { get; }

    public string WalPath => System.IO.Path.Combine(Path, "wal");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
