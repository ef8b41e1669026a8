namespace TraceBackend.Host.Ui;

/// <summary>
/// The UI's index.html, re-read when its modification time changes (so a UI upgrade needs no restart) and
/// patched on every serve (capabilities can change at run time).
/// </summary>
internal sealed class UiIndexFile(string path)
{
    private readonly Lock _lock = new();
    private DateTime _lastWrite;
    private string? _raw;

    public string Read(UiInjection injection)
    {
        var lastWrite = File.GetLastWriteTimeUtc(path);
        if (!File.Exists(path))
        {
            throw new IOException($"'{path}' does not exist");
        }

        string raw;
        lock (_lock)
        {
            if (_raw is null || lastWrite != _lastWrite)
            {
                _raw = File.ReadAllText(path);
                _lastWrite = lastWrite;
            }

            raw = _raw;
        }

        return UiIndexPatcher.Patch(raw, injection);
    }
}
