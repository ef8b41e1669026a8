using Microsoft.Extensions.Logging;

namespace TraceBackend.Storage.Embedded.Wal;

public sealed partial class WriteAheadLog
{
    private sealed record Recovered(List<WalSegment> Segments, long NextIndex, long NextSequence)
    {
        public long NextSequence { get; set; } = NextSequence;
    }

    /// <summary>
    /// Scans every segment in sequence order. Live segments are the intact prefix; the first corrupt sealed segment
    /// and everything after it are set aside. The next index is past every index ever seen (including set-aside
    /// files), so indexes are never reused; the next sequence is past every sequence ever seen.
    /// </summary>
    private static async Task<Recovered> RecoverAsync(
        string walDirectory, IWalFileSystem fileSystem, ILogger logger, CancellationToken cancellationToken)
    {
        var files = new List<(long Sequence, string Path)>();
        long maxSequence = 0;
        foreach (var path in System.IO.Directory.EnumerateFiles(walDirectory))
        {
            var name = Path.GetFileName(path);
            if (WalFormat.TryParseSegmentFileName(name, out var sequence))
            {
                files.Add((sequence, path));
            }
            else if (name.Length > 20 && WalFormat.TryParseSegmentFileName(name[..20], out var asideSequence))
            {
                sequence = asideSequence; // a set-aside *.seg.corrupt / *.seg.unreplayed: never reuse its name
            }

            maxSequence = Math.Max(maxSequence, sequence);
        }

        files.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        var live = new List<WalSegment>();
        var nextIndex = WalFormat.FirstRecordIndex;
        var stopped = false;
        for (var i = 0; i < files.Count; i++)
        {
            var (sequence, path) = files[i];
            var isLast = i == files.Count - 1;
            long firstIndex, recordCount, validLength, fileLength;
            bool headerValid, headerTorn;
            string? error;
            var cursor = await WalSegmentCursor.OpenAsync(path, sequence, limit: null, cancellationToken).ConfigureAwait(false);
            await using (cursor.ConfigureAwait(false))
            {
                while (await cursor.MoveNextAsync(copy: false, cancellationToken).ConfigureAwait(false))
                {
                }

                (firstIndex, recordCount, validLength, fileLength) =
                    (cursor.FirstIndex, cursor.RecordCount, cursor.ValidLength, cursor.FileLength);
                (headerValid, headerTorn, error) = (cursor.HeaderValid, cursor.HeaderTorn, cursor.Error);
            }

            if (headerValid && !stopped && firstIndex < nextIndex)
            {
                error = $"first record index {firstIndex} overlaps the previous segment, which ends at {nextIndex}";
                headerValid = false;
            }

            if (headerValid)
            {
                nextIndex = Math.Max(nextIndex, firstIndex + recordCount);
            }

            if (stopped)
            {
                var asidePath = SetAside(path, WalFormat.UnreplayedSuffix);
                WalLog.SegmentSetAside(logger, path, asidePath);
            }
            else if (error is null)
            {
                live.Add(new WalSegment(sequence, path, firstIndex, recordCount, validLength));
            }
            else if (isLast && headerTorn)
            {
                File.Delete(path);
                WalLog.TornSegmentDeleted(logger, path, error);
            }
            else if (isLast && headerValid)
            {
                fileSystem.Truncate(path, validLength);
                WalLog.TornTailTruncated(logger, path, error, fileLength, validLength, recordCount);
                live.Add(new WalSegment(sequence, path, firstIndex, recordCount, validLength));
            }
            else
            {
                // Keep the damaged file for inspection and its intact prefix as a live segment, so the records
                // before the corruption are replayed now and after every later restart alike.
                stopped = true;
                var asidePath = SetAside(path, WalFormat.CorruptSuffix);
                if (headerValid && recordCount > 0)
                {
                    await CopyPrefixAsync(asidePath, path, validLength, cancellationToken).ConfigureAwait(false);
                    live.Add(new WalSegment(sequence, path, firstIndex, recordCount, validLength));
                }

                WalLog.CorruptSegment(logger, path, error, recordCount, asidePath);
            }
        }

        return new Recovered(live, nextIndex, maxSequence + 1);
    }

    private static async Task CopyPrefixAsync(string source, string destination, long length, CancellationToken cancellationToken)
    {
        var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        await using (input.ConfigureAwait(false))
        {
            var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                var buffer = new byte[64 * 1024];
                for (var remaining = length; remaining > 0;)
                {
                    var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken)
                        .ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new IOException($"'{source}' shrank while its intact records were being copied");
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    remaining -= read;
                }

                output.Flush(flushToDisk: true);
            }
        }
    }

    private static string SetAside(string path, string suffix)
    {
        var asidePath = path + suffix;
        File.Move(path, asidePath, overwrite: false);
        return asidePath;
    }

    /// <summary>Creates a segment file with its header and fsyncs it; on failure removes the partial file.</summary>
    private static WalSegment CreateSegment(
        IWalFileSystem fileSystem, string walDirectory, long sequence, long firstIndex, out IWalFile file)
    {
        var path = Path.Combine(walDirectory, WalFormat.SegmentFileName(sequence));
        var header = new byte[WalFormat.HeaderSize];
        WalFormat.WriteHeader(header, sequence, firstIndex);
        file = OpenForWrite(fileSystem, path, createNew: true);
        try
        {
            file.Write([header], 0);
            file.Flush();
        }
        catch
        {
            file.Dispose();
            TryDelete(path);
            throw;
        }

        return new WalSegment(sequence, path, firstIndex, 0, WalFormat.HeaderSize);
    }

    private static IWalFile OpenForWrite(IWalFileSystem fileSystem, string path, bool createNew)
    {
        try
        {
            return fileSystem.Open(path, createNew);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"write-ahead log cannot open segment '{path}' for writing: {ex.Message}", ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind, it is a segment with a torn header: the next recovery deletes it (it is the last one).
        }
    }
}
