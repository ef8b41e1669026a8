using System.Collections.Immutable;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.JaegerModel;

/// <summary>
/// Maps Jaeger spans (encoding-neutral <see cref="JaegerSpanInput"/>) and processes to model spans, applying the
/// rules of the OpenTelemetry Collector's jaeger translator (<c>jaegerproto_to_traces.go</c>, which Jaeger v2
/// embeds; docs/notes/jaeger-zipkin-inputs.md §c.1), then the same ingest sanitizers as OTLP
/// (<see cref="SpanSanitizer"/>), so warnings match. Span rules, in order:
/// <list type="number">
/// <item>Scope: the first <c>otel.scope.name</c> tag is the scope name and is removed; only then the first
/// <c>otel.scope.version</c> tag is the version (removed).</item>
/// <item>The remaining tags become attributes with map semantics (<see cref="AttributeMap"/>).</item>
/// <item><c>span.kind</c> → kind (exact lower-case names, else unspecified); removed.</item>
/// <item>Status (<see cref="MapStatus"/>): bool <c>error</c>=true, else <c>otel.status_code</c>, else
/// <c>http.status_code</c>.</item>
/// <item><c>w3c.tracestate</c> → trace state; removed.</item>
/// <item>Logs → events; a field <c>event</c> is the event name (removed).</item>
/// <item>Parent: the explicit parent if any, else the first same-trace CHILD_OF reference, else the first
/// same-trace FOLLOWS_FROM one. Every reference except CHILD_OF ones to the parent span becomes a link with
/// <c>opentracing.ref_type</c> = <c>child_of</c> | <c>follows_from</c>.</item>
/// <item>Flags: the Jaeger sampled bit (1) becomes the W3C sampled flag; the debug bit is not kept.</item>
/// </list>
/// The Thrift revision of the upstream translator did not extract scope or trace-state tags; this mapper
/// applies every rule to every encoding. One instance per request (it caches scopes and resources so spans of
/// one request share them); not thread-safe.
/// </summary>
internal sealed partial class JaegerSpanMapper
{
    private const uint SampledFlag = 1;

    private readonly KeyInterner _keys;
    private readonly AttributeMap _attributes = new();
    private readonly ScopeCache _scopes = new();

    public JaegerSpanMapper(KeyInterner keys) => _keys = keys;

    /// <summary>A mapper with its own key pool (stores reading Jaeger rows/documents).</summary>
    public JaegerSpanMapper()
        : this(new KeyInterner())
    {
    }

    /// <summary>Interns an attribute key in the collector-wide pool.</summary>
    public string Key(string key) => _keys.Intern(key);

    public Span MapSpan(JaegerSpanInput input, Resource resource, ImmutableArray<string> resourceWarnings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(resource);
        var scopeNameIndex = IndexOfTag(input.Tags, JaegerTagNames.OtelScopeName, -1);
        var scopeVersionIndex = scopeNameIndex < 0 ? -1 : IndexOfTag(input.Tags, JaegerTagNames.OtelScopeVersion, scopeNameIndex);
        var scope = scopeNameIndex < 0
            ? InstrumentationScope.EmptyScope
            : _scopes.Get(StringOf(input.Tags[scopeNameIndex].Value), scopeVersionIndex < 0 ? "" : StringOf(input.Tags[scopeVersionIndex].Value));

        var attributes = _attributes;
        attributes.Clear();
        for (var i = 0; i < input.Tags.Count; i++)
        {
            if (i != scopeNameIndex && i != scopeVersionIndex)
            {
                attributes.Put(input.Tags[i].Key, input.Tags[i].Value);
            }
        }

        var kind = SpanKind.Unspecified;
        if (attributes.TryGet(JaegerTagNames.SpanKind, out var kindValue))
        {
            kind = ParseKind(StringOf(kindValue));
            attributes.Remove(JaegerTagNames.SpanKind);
        }

        var status = MapStatus(attributes, kind);
        var traceState = "";
        if (attributes.TryGet(JaegerTagNames.W3CTraceState, out var traceStateValue))
        {
            traceState = StringOf(traceStateValue);
            attributes.Remove(JaegerTagNames.W3CTraceState);
        }

        var spanAttributes = attributes.ToImmutableArray();
        var parent = input.ParentSpanId.IsEmpty ? ParentFromReferences(input.TraceId, input.References) : input.ParentSpanId;

        List<string>? warnings = null;
        var name = OtlpConverter.SanitizeName(input.OperationName, ref warnings, resourceWarnings);
        var end = OtlpConverter.SanitizeEndTime(input.StartTimeUnixNano, input.EndTimeUnixNano, ref warnings, resourceWarnings);
        foreach (var warning in input.Warnings)
        {
            OtlpConverter.AddWarning(ref warnings, resourceWarnings, warning);
        }

        return new Span
        {
            TraceId = input.TraceId,
            SpanId = input.SpanId,
            ParentSpanId = parent,
            TraceState = traceState,
            Flags = input.Flags & SampledFlag,
            Name = name,
            Kind = kind,
            StartTimeUnixNano = input.StartTimeUnixNano,
            EndTimeUnixNano = end,
            Attributes = spanAttributes,
            Events = MapEvents(input.Logs),
            Links = MapLinks(input.References, parent),
            Status = status,
            Resource = resource,
            Scope = scope,
            Warnings = warnings is null ? resourceWarnings : [.. warnings],
        };
    }

    /// <summary>The exact lower-case Jaeger kind names; anything else is unspecified.</summary>
    internal static SpanKind ParseKind(string name) => name switch
    {
        "client" => SpanKind.Client,
        "server" => SpanKind.Server,
        "producer" => SpanKind.Producer,
        "consumer" => SpanKind.Consumer,
        "internal" => SpanKind.Internal,
        _ => SpanKind.Unspecified,
    };

    /// <summary>
    /// First CHILD_OF reference of the same trace, else the first FOLLOWS_FROM one of the same trace, else none
    /// (Jaeger <c>model.Span.ParentSpanID()</c>).
    /// </summary>
    internal static SpanId ParentFromReferences(TraceId traceId, List<JaegerReference> references)
    {
        SpanId? followsFrom = null;
        foreach (var reference in references)
        {
            if (reference.TraceId != traceId)
            {
                continue;
            }

            if (reference.Type == JaegerReferenceType.ChildOf)
            {
                return reference.SpanId;
            }

            followsFrom ??= reference.SpanId;
        }

        return followsFrom ?? default;
    }

    /// <summary>pdata <c>Value.Str()</c>: the string, or empty for any other type.</summary>
    internal static string StringOf(AttributeValue value) => value.Type == AttributeType.String ? value.AsString : "";

    private static int IndexOfTag(List<KeyValue> tags, string key, int skip)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (i != skip && tags[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private ImmutableArray<SpanEvent> MapEvents(List<JaegerLog> logs)
    {
        if (logs.Count == 0)
        {
            return [];
        }

        var events = ImmutableArray.CreateBuilder<SpanEvent>(logs.Count);
        var fields = _attributes;
        foreach (var log in logs)
        {
            fields.Clear();
            foreach (var field in log.Fields)
            {
                fields.Put(field.Key, field.Value);
            }

            var name = "";
            if (fields.TryGet(JaegerTagNames.EventName, out var nameValue))
            {
                name = StringOf(nameValue);
                fields.Remove(JaegerTagNames.EventName);
            }

            events.Add(new SpanEvent { TimeUnixNano = log.TimeUnixNano, Name = name, Attributes = fields.ToImmutableArray() });
        }

        return events.MoveToImmutable();
    }

    private ImmutableArray<SpanLink> MapLinks(List<JaegerReference> references, SpanId parent)
    {
        if (references.Count == 0)
        {
            return [];
        }

        var links = ImmutableArray.CreateBuilder<SpanLink>(references.Count);
        foreach (var reference in references)
        {
            if (reference.Type == JaegerReferenceType.ChildOf && reference.SpanId == parent)
            {
                continue;
            }

            var refType = reference.Type == JaegerReferenceType.ChildOf ? JaegerTagNames.RefTypeChildOf : JaegerTagNames.RefTypeFollowsFrom;
            links.Add(new SpanLink
            {
                TraceId = reference.TraceId,
                SpanId = reference.SpanId,
                Attributes = [new KeyValue(_keys.Intern(JaegerTagNames.RefType), AttributeValue.String(refType))],
            });
        }

        return links.Count == links.Capacity ? links.MoveToImmutable() : links.ToImmutable();
    }
}
