using Parquet;
using TraceBackend.Model;
using S = TraceBackend.Storage.Embedded.Blocks.BlockSchema;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// Collects spans as rows of <see cref="BlockSchema"/> (one row per span) and writes them as one Parquet row group.
/// Reused for every row group of a block; not thread-safe. <see cref="Rent"/>/<see cref="Return"/> keep a few
/// writers for the next blocks: their column buffers grow to a row group's size once (large arrays, on the large object
/// heap) instead of once per block.
/// </summary>
internal sealed class SpanRowGroupWriter
{
    /// <summary>Writers kept for reuse: a flush and a compaction may build blocks at the same time.</summary>
    private static readonly SpanRowGroupWriter?[] s_pool = new SpanRowGroupWriter?[2];

    private readonly ComplexValueWriter _bytes = new();
    private readonly LeafBuffer<ReadOnlyMemory<byte>> _traceId = new(S.TraceId);
    private readonly LeafBuffer<ReadOnlyMemory<byte>> _spanId = new(S.SpanId);
    private readonly LeafBuffer<ReadOnlyMemory<byte>> _parentSpanId = new(S.ParentSpanId);
    private readonly LeafBuffer<ReadOnlyMemory<char>> _traceState = new(S.TraceState);
    private readonly LeafBuffer<long> _flags = new(S.Flags);
    private readonly LeafBuffer<ReadOnlyMemory<char>> _name = new(S.Name);
    private readonly LeafBuffer<int> _kind = new(S.Kind);
    private readonly LeafBuffer<long> _start = new(S.StartUnixNano);
    private readonly LeafBuffer<long> _duration = new(S.DurationNano);
    private readonly LeafBuffer<int> _statusCode = new(S.StatusCode);
    private readonly LeafBuffer<ReadOnlyMemory<char>> _statusMessage = new(S.StatusMessage);
    private readonly LeafBuffer<ReadOnlyMemory<char>> _serviceName = new(S.ServiceName);
    private readonly AttributeLeafBuffers _resourceAttributes = new(S.ResourceAttributes);
    private readonly LeafBuffer<long> _resourceDropped = new(S.ResourceDropped);
    private readonly LeafBuffer<ReadOnlyMemory<char>> _scopeName = new(S.ScopeName);
    private readonly LeafBuffer<ReadOnlyMemory<char>> _scopeVersion = new(S.ScopeVersion);
    private readonly AttributeLeafBuffers _scopeAttributes = new(S.ScopeAttributes);
    private readonly LeafBuffer<long> _scopeDropped = new(S.ScopeDropped);
    private readonly AttributeLeafBuffers _attributes = new(S.Attributes);
    private readonly LeafBuffer<long> _droppedAttributes = new(S.DroppedAttributes);
    private readonly LeafBuffer<long> _eventTime = new(S.EventTime);
    private readonly LeafBuffer<ReadOnlyMemory<char>> _eventName = new(S.EventName);
    private readonly AttributeLeafBuffers _eventAttributes = new(S.EventAttributes);
    private readonly LeafBuffer<long> _eventDropped = new(S.EventDropped);
    private readonly LeafBuffer<long> _droppedEvents = new(S.DroppedEvents);
    private readonly LeafBuffer<ReadOnlyMemory<byte>> _linkTraceId = new(S.LinkTraceId);
    private readonly LeafBuffer<ReadOnlyMemory<byte>> _linkSpanId = new(S.LinkSpanId);
    private readonly LeafBuffer<ReadOnlyMemory<char>> _linkTraceState = new(S.LinkTraceState);
    private readonly LeafBuffer<long> _linkFlags = new(S.LinkFlags);
    private readonly AttributeLeafBuffers _linkAttributes = new(S.LinkAttributes);
    private readonly LeafBuffer<long> _linkDropped = new(S.LinkDropped);
    private readonly LeafBuffer<long> _droppedLinks = new(S.DroppedLinks);
    private readonly LeafBuffer<ReadOnlyMemory<char>> _warnings = new(S.Warning);

    /// <summary>A cleared writer from the pool, or a new one.</summary>
    public static SpanRowGroupWriter Rent()
    {
        for (var i = 0; i < s_pool.Length; i++)
        {
            if (Interlocked.Exchange(ref s_pool[i], null) is { } writer)
            {
                return writer;
            }
        }

        return new SpanRowGroupWriter();
    }

    /// <summary>Clears <paramref name="writer"/> and keeps it for <see cref="Rent"/> (dropped when the pool is full). The caller must not use it afterwards.</summary>
    public static void Return(SpanRowGroupWriter writer)
    {
        writer.Clear();
        for (var i = 0; i < s_pool.Length; i++)
        {
            if (Interlocked.CompareExchange(ref s_pool[i], writer, null) is null)
            {
                return;
            }
        }
    }

    /// <summary>Rows pending.</summary>
    public int Count { get; private set; }

    public void Add(Span span)
    {
        var ids = _bytes.Allocate(16 + 8 + (span.ParentSpanId.IsEmpty ? 0 : 8));
        span.TraceId.WriteBytes(ids.Span);
        span.SpanId.WriteBytes(ids.Span[16..]);
        _traceId.Add(ids[..16]);
        _spanId.Add(ids.Slice(16, 8));
        if (span.ParentSpanId.IsEmpty)
        {
            _parentSpanId.Add(ReadOnlyMemory<byte>.Empty);
        }
        else
        {
            span.ParentSpanId.WriteBytes(ids.Span[24..]);
            _parentSpanId.Add(ids.Slice(24, 8));
        }

        _traceState.Add(span.TraceState.AsMemory());
        _flags.Add(span.Flags);
        _name.Add(span.Name.AsMemory());
        _kind.Add((int)span.Kind);
        _start.Add(unchecked((long)span.StartTimeUnixNano));
        // end − start modulo 2^64: exact for any pair, negative when the end precedes the start.
        _duration.Add(unchecked((long)(span.EndTimeUnixNano - span.StartTimeUnixNano)));
        _statusCode.Add((int)span.Status.Code);
        _statusMessage.Add(span.Status.Message.AsMemory());
        _serviceName.Add(span.Resource.ServiceName.AsMemory());
        _resourceAttributes.Add(span.Resource.Attributes, 0, _bytes);
        _resourceDropped.Add(span.Resource.DroppedAttributesCount);
        _scopeName.Add(span.Scope.Name.AsMemory());
        _scopeVersion.Add(span.Scope.Version.AsMemory());
        _scopeAttributes.Add(span.Scope.Attributes, 0, _bytes);
        _scopeDropped.Add(span.Scope.DroppedAttributesCount);
        _attributes.Add(span.Attributes, 0, _bytes);
        _droppedAttributes.Add(span.DroppedAttributesCount);
        AddEvents(span);
        _droppedEvents.Add(span.DroppedEventsCount);
        AddLinks(span);
        _droppedLinks.Add(span.DroppedLinksCount);
        AddWarnings(span);
        Count++;
    }

    private void AddEvents(Span span)
    {
        if (span.Events.IsDefaultOrEmpty)
        {
            _eventTime.AddLevels(1, 0);
            _eventName.AddLevels(1, 0);
            _eventAttributes.AddUndefined(1, 0);
            _eventDropped.AddLevels(1, 0);
            return;
        }

        var repetition = 0;
        foreach (var e in span.Events)
        {
            _eventTime.Add(unchecked((long)e.TimeUnixNano), repetition);
            _eventName.Add(e.Name.AsMemory(), repetition);
            _eventAttributes.Add(e.Attributes, repetition, _bytes);
            _eventDropped.Add(e.DroppedAttributesCount, repetition);
            repetition = 1;
        }
    }

    private void AddLinks(Span span)
    {
        if (span.Links.IsDefaultOrEmpty)
        {
            _linkTraceId.AddLevels(1, 0);
            _linkSpanId.AddLevels(1, 0);
            _linkTraceState.AddLevels(1, 0);
            _linkFlags.AddLevels(1, 0);
            _linkAttributes.AddUndefined(1, 0);
            _linkDropped.AddLevels(1, 0);
            return;
        }

        var repetition = 0;
        foreach (var link in span.Links)
        {
            var ids = _bytes.Allocate(24);
            link.TraceId.WriteBytes(ids.Span);
            link.SpanId.WriteBytes(ids.Span[16..]);
            _linkTraceId.Add(ids[..16], repetition);
            _linkSpanId.Add(ids[16..], repetition);
            _linkTraceState.Add(link.TraceState.AsMemory(), repetition);
            _linkFlags.Add(link.Flags, repetition);
            _linkAttributes.Add(link.Attributes, repetition, _bytes);
            _linkDropped.Add(link.DroppedAttributesCount, repetition);
            repetition = 1;
        }
    }

    private void AddWarnings(Span span)
    {
        if (span.Warnings.IsDefaultOrEmpty)
        {
            _warnings.AddLevels(1, 0);
            return;
        }

        var repetition = 0;
        foreach (var warning in span.Warnings)
        {
            _warnings.Add(warning.AsMemory(), repetition);
            repetition = 1;
        }
    }

    /// <summary>Writes the pending rows as one row group (columns in schema order) and clears.</summary>
    public async Task WriteAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        using (var rowGroup = writer.CreateRowGroup())
        {
            await _traceId.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _spanId.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _parentSpanId.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _traceState.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _flags.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _name.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _kind.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _start.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _duration.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _statusCode.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _statusMessage.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _serviceName.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _resourceAttributes.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _resourceDropped.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _scopeName.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _scopeVersion.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _scopeAttributes.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _scopeDropped.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _attributes.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _droppedAttributes.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _eventTime.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _eventName.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _eventAttributes.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _eventDropped.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _droppedEvents.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _linkTraceId.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _linkSpanId.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _linkTraceState.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _linkFlags.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _linkAttributes.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _linkDropped.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _droppedLinks.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            await _warnings.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            rowGroup.CompleteValidate();
        }

        Clear();
    }

    public void Clear()
    {
        _bytes.Clear();
        _traceId.Clear();
        _spanId.Clear();
        _parentSpanId.Clear();
        _traceState.Clear();
        _flags.Clear();
        _name.Clear();
        _kind.Clear();
        _start.Clear();
        _duration.Clear();
        _statusCode.Clear();
        _statusMessage.Clear();
        _serviceName.Clear();
        _resourceAttributes.Clear();
        _resourceDropped.Clear();
        _scopeName.Clear();
        _scopeVersion.Clear();
        _scopeAttributes.Clear();
        _scopeDropped.Clear();
        _attributes.Clear();
        _droppedAttributes.Clear();
        _eventTime.Clear();
        _eventName.Clear();
        _eventAttributes.Clear();
        _eventDropped.Clear();
        _droppedEvents.Clear();
        _linkTraceId.Clear();
        _linkSpanId.Clear();
        _linkTraceState.Clear();
        _linkFlags.Clear();
        _linkAttributes.Clear();
        _linkDropped.Clear();
        _droppedLinks.Clear();
        _warnings.Clear();
        Count = 0;
    }
}
