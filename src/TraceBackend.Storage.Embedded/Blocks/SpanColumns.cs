using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Parquet;
using TraceBackend.Model;
using S = TraceBackend.Storage.Embedded.Blocks.BlockSchema;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// All columns of one row group, read, and turned back into spans (<see cref="Materialize"/>). Rows are walked
/// sequentially from the first one; rows that are not wanted are skipped without allocating. Disposing returns the
/// pooled column memory; spans already built stay valid (they own their strings and arrays).
/// </summary>
internal sealed class SpanColumns : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private LeafColumn<ReadOnlyMemory<byte>> _traceId = null!;
    private LeafColumn<ReadOnlyMemory<byte>> _spanId = null!;
    private LeafColumn<ReadOnlyMemory<byte>> _parentSpanId = null!;
    private LeafColumn<ReadOnlyMemory<char>> _traceState = null!;
    private LeafColumn<long> _flags = null!;
    private LeafColumn<ReadOnlyMemory<char>> _name = null!;
    private LeafColumn<int> _kind = null!;
    private LeafColumn<long> _start = null!;
    private LeafColumn<long> _duration = null!;
    private LeafColumn<int> _statusCode = null!;
    private LeafColumn<ReadOnlyMemory<char>> _statusMessage = null!;
    private AttributeColumns _resourceAttributes = null!;
    private LeafColumn<long> _resourceDropped = null!;
    private LeafColumn<ReadOnlyMemory<char>> _scopeName = null!;
    private LeafColumn<ReadOnlyMemory<char>> _scopeVersion = null!;
    private AttributeColumns _scopeAttributes = null!;
    private LeafColumn<long> _scopeDropped = null!;
    private AttributeColumns _attributes = null!;
    private LeafColumn<long> _droppedAttributes = null!;
    private LeafColumn<long> _eventTime = null!;
    private LeafColumn<ReadOnlyMemory<char>> _eventName = null!;
    private AttributeColumns _eventAttributes = null!;
    private LeafColumn<long> _eventDropped = null!;
    private LeafColumn<long> _droppedEvents = null!;
    private LeafColumn<ReadOnlyMemory<byte>> _linkTraceId = null!;
    private LeafColumn<ReadOnlyMemory<byte>> _linkSpanId = null!;
    private LeafColumn<ReadOnlyMemory<char>> _linkTraceState = null!;
    private LeafColumn<long> _linkFlags = null!;
    private AttributeColumns _linkAttributes = null!;
    private LeafColumn<long> _linkDropped = null!;
    private LeafColumn<long> _droppedLinks = null!;
    private LeafColumn<ReadOnlyMemory<char>> _warnings = null!;
    private int _row;

    private SpanColumns(int rowCount) => RowCount = rowCount;

    public int RowCount { get; }

    public static async ValueTask<SpanColumns> ReadAsync(ParquetRowGroupReader rowGroup, CancellationToken cancellationToken)
    {
        var c = new SpanColumns(checked((int)rowGroup.RowCount));
        try
        {
            c._traceId = await c.Leaf<ReadOnlyMemory<byte>>(rowGroup, S.TraceId, cancellationToken).ConfigureAwait(false);
            c._spanId = await c.Leaf<ReadOnlyMemory<byte>>(rowGroup, S.SpanId, cancellationToken).ConfigureAwait(false);
            c._parentSpanId = await c.Leaf<ReadOnlyMemory<byte>>(rowGroup, S.ParentSpanId, cancellationToken).ConfigureAwait(false);
            c._traceState = await c.Leaf<ReadOnlyMemory<char>>(rowGroup, S.TraceState, cancellationToken).ConfigureAwait(false);
            c._flags = await c.Leaf<long>(rowGroup, S.Flags, cancellationToken).ConfigureAwait(false);
            c._name = await c.Leaf<ReadOnlyMemory<char>>(rowGroup, S.Name, cancellationToken).ConfigureAwait(false);
            c._kind = await c.Leaf<int>(rowGroup, S.Kind, cancellationToken).ConfigureAwait(false);
            c._start = await c.Leaf<long>(rowGroup, S.StartUnixNano, cancellationToken).ConfigureAwait(false);
            c._duration = await c.Leaf<long>(rowGroup, S.DurationNano, cancellationToken).ConfigureAwait(false);
            c._statusCode = await c.Leaf<int>(rowGroup, S.StatusCode, cancellationToken).ConfigureAwait(false);
            c._statusMessage = await c.Leaf<ReadOnlyMemory<char>>(rowGroup, S.StatusMessage, cancellationToken).ConfigureAwait(false);
            c._resourceAttributes = await c.Attributes(rowGroup, S.ResourceAttributes, cancellationToken).ConfigureAwait(false);
            c._resourceDropped = await c.Leaf<long>(rowGroup, S.ResourceDropped, cancellationToken).ConfigureAwait(false);
            c._scopeName = await c.Leaf<ReadOnlyMemory<char>>(rowGroup, S.ScopeName, cancellationToken).ConfigureAwait(false);
            c._scopeVersion = await c.Leaf<ReadOnlyMemory<char>>(rowGroup, S.ScopeVersion, cancellationToken).ConfigureAwait(false);
            c._scopeAttributes = await c.Attributes(rowGroup, S.ScopeAttributes, cancellationToken).ConfigureAwait(false);
            c._scopeDropped = await c.Leaf<long>(rowGroup, S.ScopeDropped, cancellationToken).ConfigureAwait(false);
            c._attributes = await c.Attributes(rowGroup, S.Attributes, cancellationToken).ConfigureAwait(false);
            c._droppedAttributes = await c.Leaf<long>(rowGroup, S.DroppedAttributes, cancellationToken).ConfigureAwait(false);
            c._eventTime = await c.Leaf<long>(rowGroup, S.EventTime, cancellationToken).ConfigureAwait(false);
            c._eventName = await c.Leaf<ReadOnlyMemory<char>>(rowGroup, S.EventName, cancellationToken).ConfigureAwait(false);
            c._eventAttributes = await c.Attributes(rowGroup, S.EventAttributes, cancellationToken).ConfigureAwait(false);
            c._eventDropped = await c.Leaf<long>(rowGroup, S.EventDropped, cancellationToken).ConfigureAwait(false);
            c._droppedEvents = await c.Leaf<long>(rowGroup, S.DroppedEvents, cancellationToken).ConfigureAwait(false);
            c._linkTraceId = await c.Leaf<ReadOnlyMemory<byte>>(rowGroup, S.LinkTraceId, cancellationToken).ConfigureAwait(false);
            c._linkSpanId = await c.Leaf<ReadOnlyMemory<byte>>(rowGroup, S.LinkSpanId, cancellationToken).ConfigureAwait(false);
            c._linkTraceState = await c.Leaf<ReadOnlyMemory<char>>(rowGroup, S.LinkTraceState, cancellationToken).ConfigureAwait(false);
            c._linkFlags = await c.Leaf<long>(rowGroup, S.LinkFlags, cancellationToken).ConfigureAwait(false);
            c._linkAttributes = await c.Attributes(rowGroup, S.LinkAttributes, cancellationToken).ConfigureAwait(false);
            c._linkDropped = await c.Leaf<long>(rowGroup, S.LinkDropped, cancellationToken).ConfigureAwait(false);
            c._droppedLinks = await c.Leaf<long>(rowGroup, S.DroppedLinks, cancellationToken).ConfigureAwait(false);
            c._warnings = await c.Leaf<ReadOnlyMemory<char>>(rowGroup, S.Warning, cancellationToken).ConfigureAwait(false);
            c.CheckFlatLengths();
            return c;
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    private async ValueTask<LeafColumn<T>> Leaf<T>(ParquetRowGroupReader rowGroup, Parquet.Schema.DataField field, CancellationToken cancellationToken)
        where T : struct
    {
        var leaf = await LeafColumn<T>.ReadAsync(rowGroup, field, cancellationToken).ConfigureAwait(false);
        _owned.Add(leaf);
        return leaf;
    }

    private async ValueTask<AttributeColumns> Attributes(ParquetRowGroupReader rowGroup, S.AttributeFields fields, CancellationToken cancellationToken)
    {
        var columns = await AttributeColumns.ReadAsync(rowGroup, fields, cancellationToken).ConfigureAwait(false);
        _owned.Add(columns);
        return columns;
    }

    private void CheckFlatLengths()
    {
        foreach (var n in new[]
        {
            _traceId.LevelCount, _spanId.LevelCount, _parentSpanId.LevelCount, _traceState.LevelCount, _flags.LevelCount,
            _name.LevelCount, _kind.LevelCount, _start.LevelCount, _duration.LevelCount, _statusCode.LevelCount,
            _statusMessage.LevelCount, _resourceDropped.LevelCount, _scopeName.LevelCount, _scopeVersion.LevelCount,
            _scopeDropped.LevelCount, _droppedAttributes.LevelCount, _droppedEvents.LevelCount, _droppedLinks.LevelCount,
        })
        {
            if (n != RowCount)
            {
                throw new InvalidDataException($"a span column has {n} values in a row group of {RowCount} rows");
            }
        }
    }

    /// <summary>The trace ID of row <paramref name="row"/>.</summary>
    public TraceId TraceIdAt(int row) => ReadTraceId(_traceId.Values[row].Span);

    /// <summary>
    /// Appends the spans of rows [<paramref name="fromRow"/>, <paramref name="toRow"/>) accepted by
    /// <paramref name="select"/> (all when null) to <paramref name="output"/>. Calls must ask for increasing rows.
    /// </summary>
    public void Materialize(int fromRow, int toRow, Func<int, bool>? select, List<Span> output, ReadCache cache)
    {
        if (fromRow < _row || toRow > RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(fromRow), $"rows [{fromRow}, {toRow}) are not ahead of row {_row} within {RowCount}");
        }

        for (; _row < toRow; _row++)
        {
            var wanted = _row >= fromRow && (select is null || select(_row));
            var resourceAttributes = _resourceAttributes.Read(wanted, cache);
            var scopeAttributes = _scopeAttributes.Read(wanted, cache);
            var attributes = _attributes.Read(wanted, cache);
            var events = ReadEvents(wanted, cache);
            var links = ReadLinks(wanted, cache);
            var warnings = ReadWarnings(wanted, cache);
            if (!wanted)
            {
                continue;
            }

            var r = _row;
            var start = unchecked((ulong)_start.Values[r]);
            output.Add(new Span
            {
                TraceId = ReadTraceId(_traceId.Values[r].Span),
                SpanId = ReadSpanId(_spanId.Values[r].Span, "span_id"),
                ParentSpanId = _parentSpanId.Values[r].Length == 0 ? default : ReadSpanId(_parentSpanId.Values[r].Span, "parent_span_id"),
                TraceState = cache.String(_traceState.Values[r].Span),
                Flags = ToUInt(_flags.Values[r]),
                Name = cache.String(_name.Values[r].Span),
                Kind = (SpanKind)_kind.Values[r],
                StartTimeUnixNano = start,
                EndTimeUnixNano = unchecked(start + (ulong)_duration.Values[r]),
                Status = new SpanStatus((StatusCode)_statusCode.Values[r], cache.String(_statusMessage.Values[r].Span)),
                Resource = cache.Resource(resourceAttributes, ToUInt(_resourceDropped.Values[r])),
                Scope = cache.Scope(cache.String(_scopeName.Values[r].Span), cache.String(_scopeVersion.Values[r].Span), scopeAttributes, ToUInt(_scopeDropped.Values[r])),
                Attributes = attributes,
                DroppedAttributesCount = ToUInt(_droppedAttributes.Values[r]),
                Events = events,
                DroppedEventsCount = ToUInt(_droppedEvents.Values[r]),
                Links = links,
                DroppedLinksCount = ToUInt(_droppedLinks.Values[r]),
                Warnings = warnings,
            });
        }
    }

    private ImmutableArray<SpanEvent> ReadEvents(bool materialize, ReadCache cache)
    {
        var count = ListLength(_eventTime);
        if (count == 0)
        {
            _eventAttributes.Read(false, cache);
            return [];
        }

        var events = materialize ? new SpanEvent[count] : null;
        for (var i = 0; i < count; i++)
        {
            var v = _eventTime.ValueIndex++;
            var attributes = _eventAttributes.Read(materialize, cache);
            if (events is not null)
            {
                events[i] = new SpanEvent
                {
                    TimeUnixNano = unchecked((ulong)_eventTime.Values[v]),
                    Name = cache.String(_eventName.Values[v].Span),
                    Attributes = attributes,
                    DroppedAttributesCount = ToUInt(_eventDropped.Values[v]),
                };
            }
        }

        return events is null ? [] : ImmutableCollectionsMarshal.AsImmutableArray(events);
    }

    private ImmutableArray<SpanLink> ReadLinks(bool materialize, ReadCache cache)
    {
        var count = ListLength(_linkTraceId);
        if (count == 0)
        {
            _linkAttributes.Read(false, cache);
            return [];
        }

        var links = materialize ? new SpanLink[count] : null;
        for (var i = 0; i < count; i++)
        {
            var v = _linkTraceId.ValueIndex++;
            var attributes = _linkAttributes.Read(materialize, cache);
            if (links is not null)
            {
                links[i] = new SpanLink
                {
                    TraceId = ReadTraceId(_linkTraceId.Values[v].Span),
                    SpanId = ReadSpanId(_linkSpanId.Values[v].Span, "links.span_id"),
                    TraceState = cache.String(_linkTraceState.Values[v].Span),
                    Flags = ToUInt(_linkFlags.Values[v]),
                    Attributes = attributes,
                    DroppedAttributesCount = ToUInt(_linkDropped.Values[v]),
                };
            }
        }

        return links is null ? [] : ImmutableCollectionsMarshal.AsImmutableArray(links);
    }

    private ImmutableArray<string> ReadWarnings(bool materialize, ReadCache cache)
    {
        var start = _warnings.ValueIndex;
        var count = ListLength(_warnings);
        if (count == 0)
        {
            return [];
        }

        _warnings.ValueIndex += count;
        if (!materialize)
        {
            return [];
        }

        var warnings = new string[count];
        for (var i = 0; i < count; i++)
        {
            warnings[i] = cache.String(_warnings.Values[start + i].Span);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(warnings);
    }

    /// <summary>
    /// Entries of the row's list in a leaf whose elements are all defined when present (the list's struct fields or
    /// its required element): 0 for an empty list, else advances <see cref="LeafColumn{T}.Position"/> past them.
    /// The caller advances <see cref="LeafColumn{T}.ValueIndex"/>.
    /// </summary>
    private static int ListLength<T>(LeafColumn<T> leaf)
        where T : struct
    {
        var p = leaf.Position;
        if (p >= leaf.LevelCount)
        {
            throw new InvalidDataException("a list column ends before its row");
        }

        if (leaf.Definitions[p] < leaf.MaxDefinition)
        {
            leaf.Position = p + 1;
            return 0;
        }

        var end = p + 1;
        var repetitions = leaf.Repetitions;
        while (end < leaf.LevelCount && repetitions[end] != 0)
        {
            end++;
        }

        leaf.Position = end;
        return end - p;
    }

    private static uint ToUInt(long value) => value is >= 0 and <= uint.MaxValue
        ? (uint)value
        : throw new InvalidDataException($"count or flags value {value} is outside the uint32 range");

    internal static TraceId ReadTraceId(ReadOnlySpan<byte> bytes) => bytes.Length == 16 && TraceId.TryFromBytes(bytes, out var id)
        ? id
        : throw new InvalidDataException($"trace ID of {bytes.Length} bytes (expected 16)");

    private static SpanId ReadSpanId(ReadOnlySpan<byte> bytes, string column) => SpanId.TryFromBytes(bytes, out var id)
        ? id
        : throw new InvalidDataException($"{column} of {bytes.Length} bytes (expected 8)");

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
    }
}
