using System.Collections.Immutable;
using TraceBackend.JaegerModel;
using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// <c>traces</c> row → span, through <see cref="JaegerSpanMapper"/> (the Jaeger → OTLP mapping Jaeger's own v2 reader
/// applies), so rows written by Jaeger and by this store read back alike:
/// <list type="bullet">
/// <item>The process becomes the resource (<c>service.name</c> from the service name; <c>hostname</c> →
/// <c>host.name</c>, <c>jaeger.version</c> → <c>opencensus.exporterversion</c>, as the mapper does).</item>
/// <item><c>$$span.warning.N</c> tags become span warnings (Jaeger's v1 converter convention); other tags go to the
/// mapper, which extracts kind, status, scope and trace state.</item>
/// <item><c>parent_id</c> (when not 0) is the parent; otherwise the first same-trace CHILD_OF reference is.
/// <c>ref_type</c> other than <c>child-of</c> reads as FOLLOWS_FROM (as Jaeger v2's reader); a reference whose
/// trace ID blob is neither 16 nor 8 bytes is dropped with a span warning.</item>
/// <item>µs times become ns; negative values (never written by Jaeger) read as 0.</item>
/// </list>
/// Spans decoded by one instance share resource and scope instances. Not thread-safe: one decoder per read.
/// </summary>
internal sealed class SpanRowDecoder
{
    private readonly JaegerSpanMapper _mapper = new();
    private readonly JaegerSpanInput _input = new();
    private readonly List<KeyValue> _processTags = [];

    public Span Decode(SpanRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var resource = DecodeResource(row.Process, out var resourceWarnings);
        var input = _input;
        input.Clear();
        input.TraceId = row.TraceId;
        input.SpanId = new SpanId(unchecked((ulong)row.SpanId));
        input.ParentSpanId = new SpanId(unchecked((ulong)row.ParentId));
        input.OperationName = row.OperationName;
        input.Flags = unchecked((uint)row.Flags);
        var start = MicrosToNanos(row.StartTime);
        input.StartTimeUnixNano = start;
        input.EndTimeUnixNano = start + MicrosToNanos(row.Duration);
        foreach (var tag in row.Tags)
        {
            if (tag.Key.StartsWith(DbValueTypes.WarningTagPrefix, StringComparison.Ordinal))
            {
                input.Warnings.Add(tag.ValueType == DbValueTypes.String ? tag.ValueString : "");
            }
            else
            {
                input.Tags.Add(new KeyValue(_mapper.Key(tag.Key), tag.ToAttributeValue()));
            }
        }

        foreach (var reference in row.Refs)
        {
            if (!TraceId.TryFromBytes(reference.TraceId, out var traceId))
            {
                input.Warnings.Add($"reference dropped: trace_id of {reference.TraceId.Length} bytes");
                continue;
            }

            var type = reference.RefType == DbValueTypes.ChildOf ? JaegerReferenceType.ChildOf : JaegerReferenceType.FollowsFrom;
            input.References.Add(new JaegerReference(type, traceId, new SpanId(unchecked((ulong)reference.SpanId))));
        }

        foreach (var log in row.Logs)
        {
            var fields = new KeyValue[log.Fields.Count];
            for (var i = 0; i < fields.Length; i++)
            {
                var field = log.Fields[i];
                fields[i] = new KeyValue(_mapper.Key(field.Key), field.ToAttributeValue());
            }

            input.Logs.Add(new JaegerLog(MicrosToNanos(log.Timestamp), fields));
        }

        return _mapper.MapSpan(input, resource, resourceWarnings);
    }

    private Resource DecodeResource(DbProcess? process, out ImmutableArray<string> warnings)
    {
        _processTags.Clear();
        if (process is not null)
        {
            foreach (var tag in process.Tags)
            {
                _processTags.Add(new KeyValue(_mapper.Key(tag.Key), tag.ToAttributeValue()));
            }
        }

        return _mapper.MapResource(process is not null, process?.ServiceName ?? "", _processTags, out warnings);
    }

    private static ulong MicrosToNanos(long micros) => micros <= 0 ? 0 : unchecked((ulong)micros * 1000);
}
