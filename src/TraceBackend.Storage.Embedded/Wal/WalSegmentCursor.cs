using System.Buffers.Binary;

namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>
/// Sequential, validating reader of one segment file. <see cref="OpenAsync"/> checks the header;
/// <see cref="MoveNextAsync"/> yields records until the end of the file, or until the first record that is
/// truncated, has an impossible length or fails its CRC — then <see cref="Error"/> says why and
/// <see cref="ValidLength"/> is the offset just past the last intact record. Never throws for bad content, only
/// for I/O errors.
/// </summary>
internal sealed class WalSegmentCursor : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly long _fileLength;
    private readonly byte[] _recordHeader = new byte[WalFormat.RecordHeaderSize];
    private byte[] _buffer = [];

    private WalSegmentCursor(FileStream stream, long fileLength)
    {
        _stream = stream;
        _fileLength = fileLength;
    }

    /// <summary>Index of the segment's first record (valid only when <see cref="HeaderValid"/>).</summary>
    public long FirstIndex { get; private set; }

    public bool HeaderValid { get; private set; }

    /// <summary>File shorter than a header: a crash while the segment was being created.</summary>
    public bool HeaderTorn { get; private set; }

    /// <summary>Why reading stopped before the end of the file; null while everything read is intact.</summary>
    public string? Error { get; private set; }

    /// <summary>Offset just past the last intact record (or the header).</summary>
    public long ValidLength { get; private set; }

    public long FileLength => _fileLength;

    /// <summary>Records read so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Payload of the current record; valid until the next <see cref="MoveNextAsync"/> unless copied.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>
    /// Opens <paramref name="path"/> and validates its header. <paramref name="limit"/> caps how much of the file is
    /// read (replay reads only what recovery validated); null reads to the end.
    /// </summary>
    public static async Task<WalSegmentCursor> OpenAsync(
        string path, long sequence, long? limit, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 64 * 1024,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        var cursor = new WalSegmentCursor(stream, Math.Min(stream.Length, limit ?? long.MaxValue));
        try
        {
            await cursor.ReadHeaderAsync(sequence, cancellationToken).ConfigureAwait(false);
            return cursor;
        }
        catch
        {
            await cursor.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ReadHeaderAsync(long sequence, CancellationToken cancellationToken)
    {
        if (_fileLength < WalFormat.HeaderSize)
        {
            HeaderTorn = true;
            Error = $"segment header truncated ({_fileLength} of {WalFormat.HeaderSize} bytes)";
            return;
        }

        var header = new byte[WalFormat.HeaderSize];
        await _stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        if (!WalFormat.TryReadHeader(header, sequence, out var firstIndex, out var error))
        {
            Error = error;
            return;
        }

        HeaderValid = true;
        FirstIndex = firstIndex;
        ValidLength = WalFormat.HeaderSize;
    }

    /// <summary>
    /// Advances to the next intact record. False at the end of the file or at the first bad record
    /// (<see cref="Error"/> set). With <paramref name="copy"/> the payload is a fresh array the caller may keep.
    /// </summary>
    public async ValueTask<bool> MoveNextAsync(bool copy, CancellationToken cancellationToken)
    {
        if (!HeaderValid || Error is not null || ValidLength == _fileLength)
        {
            return false;
        }

        var position = ValidLength;
        if (_fileLength - position < WalFormat.RecordHeaderSize)
        {
            return Fail($"record header truncated at offset {position}");
        }

        await _stream.ReadExactlyAsync(_recordHeader, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(_recordHeader);
        if (length > WalFormat.MaxRecordBytesLimit)
        {
            return Fail($"impossible record length {length} at offset {position}");
        }

        if (_fileLength - position - WalFormat.RecordHeaderSize < length)
        {
            return Fail($"record payload truncated at offset {position} (length {length})");
        }

        var payload = copy ? new byte[length] : RentBuffer((int)length);
        var memory = payload.AsMemory(0, (int)length);
        await _stream.ReadExactlyAsync(memory, cancellationToken).ConfigureAwait(false);
        if (!WalFormat.RecordCrcMatches(_recordHeader, memory.Span))
        {
            return Fail($"record CRC mismatch at offset {position} (length {length})");
        }

        Current = memory;
        ValidLength = position + WalFormat.RecordSize((int)length);
        RecordCount++;
        return true;
    }

    private bool Fail(string error)
    {
        Error = error;
        Current = default;
        return false;
    }

    private byte[] RentBuffer(int length)
    {
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, Math.Min(2 * _buffer.Length, WalFormat.MaxRecordBytesLimit))];
        }

        return _buffer;
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
