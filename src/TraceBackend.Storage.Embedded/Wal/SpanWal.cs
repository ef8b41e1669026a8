using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>
/// A write-ahead log of span batches: each batch is one <see cref="WriteAheadLog"/> record holding the OTLP/protobuf
/// <c>ExportTraceServiceRequest</c> of its spans, written by <see cref="OtlpProtobufEncoder"/> with
/// <c>includeWarnings</c> so that <see cref="Span.Warnings"/> survive (attribute
/// <see cref="OtlpProtobufEncoder.WarningsAttributeKey"/>, lifted back on replay).
/// <para>
/// Contract:
/// <list type="bullet">
/// <item>Durability: <see cref="AppendAsync"/> completes once the batch is durable per <see cref="WalOptions.Sync"/>
/// (<see cref="WalSyncMode.Always"/>: fsynced, survives power loss; <see cref="WalSyncMode.Interval"/> /
/// <see cref="WalSyncMode.None"/>: written to the OS, survives a process crash). A batch is all or nothing: a torn
/// record is dropped whole on recovery.</item>
/// <item>Ordering: indexes strictly increase in the order the log acknowledges appends (concurrent appenders are
/// ordered by the log's single writer), are never reused, and replay yields batches in index order.</item>
/// <item>Replay (<see cref="ReplayAsync"/>) returns the batches that were intact when the log was opened — not
/// those appended since — each with its spans as appended, field by field (resource/scope grouping may reorder
/// spans of one batch only when the batch interleaves resources or scopes; see <see cref="OtlpProtobufEncoder"/>).
/// Spans are expected as ingest leaves them (sanitized): replay re-runs the ingest sanitizers, which change nothing on
/// such spans but would fix (and add warnings to) an unsanitized one, e.g. an empty name.
/// A record that is not a decodable span batch is logged (error, with its index), counted in
/// <see cref="SkippedRecordCount"/> and skipped; replay never fails for record content.</item>
/// <item>Ownership: the caller keeps its span list (spans are immutable and only read during the call); replayed
/// lists are fresh and owned by the caller.</item>
/// <item>Thread-safe: appends may run concurrently with each other; replay and delete as for
/// <see cref="WriteAheadLog"/>.</item>
/// </list>
/// </para>
/// </summary>
public sealed class SpanWal : IAsyncDisposable
{
    /// <summary>Encode buffers kept for reuse; larger ones are dropped after use so an outlier does not stay pinned.</summary>
    private const int MaxPooledBuffers = 8;
    private const int MaxPooledBufferBytes = 4 * 1024 * 1024;
    private const int InitialBufferBytes = 64 * 1024;

    private readonly WriteAheadLog _log;
    private readonly ILogger _logger;
    private readonly OtlpProtobufDecoder _decoder = new(new OtlpProtobufDecoderOptions { LiftWarnings = true });
    private readonly ConcurrentQueue<ArrayBufferWriter<byte>> _buffers = new();
    private long _skippedRecords;

    private SpanWal(WriteAheadLog log, ILogger logger)
    {
        _log = log;
        _logger = logger;
    }

    /// <summary>The underlying record log (diagnostics: directory, segments, sync count).</summary>
    public WriteAheadLog Log => _log;

    /// <summary>Records skipped by replays so far because they were not decodable span batches.</summary>
    public long SkippedRecordCount => Interlocked.Read(ref _skippedRecords);

    /// <summary>
    /// Opens (creating if needed) and recovers the log in <c>&lt;directory&gt;/wal</c>, as
    /// <see cref="WriteAheadLog.OpenAsync(string, WalOptions, ILogger?)"/> (same exceptions).
    /// </summary>
    public static async Task<SpanWal> OpenAsync(string directory, WalOptions options, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var log = await WriteAheadLog.OpenAsync(directory, options, logger).ConfigureAwait(false);
        return new SpanWal(log, logger);
    }

    /// <summary>
    /// Appends <paramref name="spans"/> as one record and returns its index once durable per
    /// <see cref="WalOptions.Sync"/>. An empty list is appended as an empty batch. Throws
    /// <see cref="ArgumentException"/> for a null span or a batch whose encoding exceeds
    /// <see cref="WalOptions.MaxRecordBytes"/>, <see cref="ObjectDisposedException"/> after dispose, and faults with
    /// <see cref="IOException"/> on write failure (see <see cref="WriteAheadLog"/>). Cancellation is observed only
    /// before the record is queued.
    /// </summary>
    public async ValueTask<long> AppendAsync(IReadOnlyList<Span> spans, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spans);
        cancellationToken.ThrowIfCancellationRequested();
        var buffer = RentBuffer();
        try
        {
            OtlpProtobufEncoder.Write(spans, buffer, includeWarnings: true);

            // The log does not copy the payload: the buffer stays untouched until the append has completed.
            return await _log.AppendAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ReturnBuffer(buffer);
        }
    }

    /// <summary>
    /// Yields the batches intact at open, in index order (see the class contract). Undecodable records are logged
    /// and skipped; spans of a record that fail the decoder's ID checks (never written by this class) are logged
    /// and left out of their batch. Throws <see cref="InvalidDataException"/> if a segment changed on disk since
    /// open (from <see cref="WriteAheadLog.ReplayAsync"/>).
    /// </summary>
    public async IAsyncEnumerable<SpanWalBatch> ReplayAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in _log.ReplayAsync(cancellationToken).ConfigureAwait(false))
        {
            OtlpConversionResult result;
            try
            {
                result = _decoder.Decode(record.Payload.Span);
            }
            catch (OtlpDecodeException ex)
            {
                Interlocked.Increment(ref _skippedRecords);
                SpanWalLog.UndecodableRecord(_logger, record.Index, _log.Directory, ex.Message);
                continue;
            }

            if (result.RejectedSpans > 0)
            {
                SpanWalLog.RejectedSpans(_logger, record.Index, _log.Directory, result.RejectedSpans, result.ErrorMessage);
            }

            yield return new SpanWalBatch(record.Index, result.Spans);
        }
    }

    /// <summary>
    /// Deletes whole sealed segments whose batches all have indexes below <paramref name="index"/> (call once those
    /// batches are safely stored elsewhere); returns how many segments were deleted. See
    /// <see cref="WriteAheadLog.DeleteSegmentsBeforeAsync"/>.
    /// </summary>
    public Task<int> DeleteBatchesBeforeAsync(long index) => _log.DeleteSegmentsBeforeAsync(index);

    /// <summary>Completes queued appends (durably, as <see cref="WriteAheadLog.DisposeAsync"/>) and closes the log.</summary>
    public ValueTask DisposeAsync() => _log.DisposeAsync();

    private ArrayBufferWriter<byte> RentBuffer()
    {
        if (_buffers.TryDequeue(out var buffer))
        {
            buffer.ResetWrittenCount();
            return buffer;
        }

        return new ArrayBufferWriter<byte>(InitialBufferBytes);
    }

    private void ReturnBuffer(ArrayBufferWriter<byte> buffer)
    {
        // The count check is racy; at worst a few extra buffers are pooled briefly.
        if (buffer.Capacity <= MaxPooledBufferBytes && _buffers.Count < MaxPooledBuffers)
        {
            _buffers.Enqueue(buffer);
        }
    }
}
