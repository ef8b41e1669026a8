using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using TraceBackend.JaegerModel;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Zipkin;

/// <summary>
/// Maps decoded Zipkin v2 spans to model spans the way the OpenTelemetry Collector's zipkin receiver does
/// (contrib <c>pkg/translator/zipkin/zipkinv2</c>, v0 network conventions), then applies the OTLP ingest
/// sanitizers (<see cref="SpanSanitizer"/>). One instance per request: spans of the same local service share
/// one <see cref="Resource"/>, spans of the same library one <see cref="InstrumentationScope"/>.
/// <list type="bullet">
/// <item><c>localEndpoint.serviceName</c> → resource <c>service.name</c> (missing or empty → the
/// <c>missing-service-name</c> sanitizer).</item>
/// <item>Tags <c>otel.library.name</c>/<c>otel.library.version</c> (or <c>otel.scope.*</c>) → scope, removed.</item>
/// <item><c>kind</c> → span kind; without one, tag <c>span.kind=internal</c> → internal (tag removed), else unspecified.</item>
/// <item>Tag <c>otel.status_code</c> (<c>OK</c>/<c>ERROR</c>/<c>UNSET</c>, optionally <c>STATUS_CODE_</c>-prefixed,
/// any case) → status with <c>otel.status_description</c> as message, both removed; else a tag <c>error</c> with any
/// value → ERROR, the tag removed only when its value is <c>true</c>.</item>
/// <item>Tag <c>w3c.tracestate</c> → trace state, removed. Other tags → string attributes in payload order, then
/// <c>net.host.ip</c>, <c>net.host.port</c> (local endpoint) and <c>peer.service</c>, <c>net.peer.ip</c>,
/// <c>net.peer.port</c> (remote endpoint); IPv4 wins over IPv6; ports only when positive.</item>
/// <item>Start = <c>timestamp</c> µs × 1000, end = start + <c>duration</c> µs × 1000. Without a timestamp the
/// start is the Unix epoch and attribute <c>otel.zipkin.absentField.startTime=true</c> is added.</item>
/// <item>Annotations → events (µs → ns); a value in the OpenTelemetry exporter form
/// <c>name|{json attributes}|droppedCount</c> is split into name, attributes and dropped count, any other value is
/// the event name as is.</item>
/// <item><c>debug</c> and <c>shared</c> are not mapped (as upstream).</item>
/// </list>
/// </summary>
internal sealed class ZipkinSpanMapper
{
    public const string LibraryNameTag = "otel.library.name";
    public const string LibraryVersionTag = "otel.library.version";
    public const string ScopeNameTag = "otel.scope.name";
    public const string ScopeVersionTag = "otel.scope.version";
    public const string StatusCodeTag = "otel.status_code";
    public const string StatusDescriptionTag = "otel.status_description";
    public const string ErrorTag = "error";
    public const string SpanKindTag = "span.kind";
    public const string TraceStateTag = "w3c.tracestate";
    public const string AbsentStartTimeAttribute = "otel.zipkin.absentField.startTime";
    public const string HostIpAttribute = "net.host.ip";
    public const string HostPortAttribute = "net.host.port";
    public const string PeerServiceAttribute = "peer.service";
    public const string PeerIpAttribute = "net.peer.ip";
    public const string PeerPortAttribute = "net.peer.port";

    private const ulong NanosPerMicro = 1000;

    private readonly Dictionary<string, (Resource Resource, ImmutableArray<string> Warnings)> _resources = new(StringComparer.Ordinal);
    private readonly ScopeCache _scopes = new();

    /// <exception cref="ZipkinDecodeException">A time does not fit in 64-bit nanoseconds.</exception>
    public Span Map(ZipkinSpanFields z, int spanIndex)
    {
        var (resource, resourceWarnings) = GetResource(z.LocalEndpoint?.ServiceName ?? "");
        List<string>? warnings = null;

        var tags = z.Tags;
        var scopeName = TakeTag(tags, LibraryNameTag) ?? TakeTag(tags, ScopeNameTag) ?? "";
        var scopeVersion = TakeTag(tags, LibraryVersionTag) ?? TakeTag(tags, ScopeVersionTag) ?? "";
        var scope = _scopes.Get(scopeName, scopeVersion);

        var kind = SpanKind.Unspecified;
        if (z.Kind is { } k)
        {
            kind = k;
        }
        else if (FindTag(tags, SpanKindTag) is var kindAt and >= 0 && tags[kindAt].Value == "internal")
        {
            kind = SpanKind.Internal;
            tags.RemoveAt(kindAt);
        }

        var status = MapStatus(tags);
        var traceState = TakeTag(tags, TraceStateTag) ?? "";

        var name = OtlpConverter.SanitizeName(z.Name, ref warnings, resourceWarnings);
        ulong start = 0;
        if (z.TimestampMicros is { } ts)
        {
            start = ToNanos(ts, spanIndex, "timestamp");
        }

        var duration = ToNanos(z.DurationMicros, spanIndex, "duration");
        if (ulong.MaxValue - start < duration)
        {
            throw new ZipkinDecodeException($"span {spanIndex}: timestamp + duration is beyond the year 2554");
        }

        var end = OtlpConverter.SanitizeEndTime(start, start + duration, ref warnings, resourceWarnings);
        if (z.UnknownKind is not null)
        {
            OtlpConverter.AddWarning(ref warnings, resourceWarnings, $"unknown zipkin span kind \"{z.UnknownKind}\"; treated as unspecified");
        }

        return new Span
        {
            TraceId = z.TraceId,
            SpanId = z.SpanId,
            ParentSpanId = z.ParentId == z.SpanId ? default : z.ParentId,
            TraceState = traceState,
            Name = name,
            Kind = kind,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
            Attributes = MapAttributes(z, tags),
            Events = MapEvents(z, spanIndex),
            Status = status,
            Resource = resource,
            Scope = scope,
            Warnings = warnings is null ? resourceWarnings : [.. warnings],
        };
    }

    private (Resource, ImmutableArray<string>) GetResource(string serviceName)
    {
        if (!_resources.TryGetValue(serviceName, out var entry))
        {
            ReadOnlySpan<KeyValue> attributes = serviceName.Length == 0
                ? []
                : [new KeyValue(Resource.ServiceNameKey, AttributeValue.String(serviceName))];
            var resource = OtlpConverter.CreateResource(attributes, 0, out var warning);
            entry = (resource, warning is null ? [] : [warning]);
            _resources.Add(serviceName, entry);
        }

        return entry;
    }

    private static SpanStatus MapStatus(List<KeyValuePair<string, string>> tags)
    {
        var codeAt = FindTag(tags, StatusCodeTag);
        if (codeAt >= 0 && TryParseStatusCode(tags[codeAt].Value, out var code))
        {
            tags.RemoveAt(codeAt);
            return new SpanStatus(code, TakeTag(tags, StatusDescriptionTag) ?? "");
        }

        var errorAt = FindTag(tags, ErrorTag);
        if (errorAt >= 0)
        {
            if (tags[errorAt].Value == "true")
            {
                tags.RemoveAt(errorAt);
            }

            return new SpanStatus(StatusCode.Error, "");
        }

        return SpanStatus.Unset;
    }

    private static bool TryParseStatusCode(string value, out StatusCode code)
    {
        var text = value.StartsWith("STATUS_CODE_", StringComparison.OrdinalIgnoreCase) ? value["STATUS_CODE_".Length..] : value;
        if (text.Equals("OK", StringComparison.OrdinalIgnoreCase))
        {
            code = StatusCode.Ok;
            return true;
        }

        if (text.Equals("ERROR", StringComparison.OrdinalIgnoreCase))
        {
            code = StatusCode.Error;
            return true;
        }

        code = StatusCode.Unset;
        return text.Equals("UNSET", StringComparison.OrdinalIgnoreCase);
    }

    private static ImmutableArray<KeyValue> MapAttributes(ZipkinSpanFields z, List<KeyValuePair<string, string>> tags)
    {
        var builder = ImmutableArray.CreateBuilder<KeyValue>(tags.Count + 6);
        foreach (var (key, value) in tags)
        {
            builder.Add(new KeyValue(key, AttributeValue.String(value)));
        }

        if (z.LocalEndpoint is { } local)
        {
            if ((local.Ipv4 ?? local.Ipv6) is { } ip)
            {
                Set(builder, HostIpAttribute, AttributeValue.String(ip.ToString()));
            }

            if (local.Port > 0)
            {
                Set(builder, HostPortAttribute, AttributeValue.Int(local.Port));
            }
        }

        if (z.RemoteEndpoint is { } remote)
        {
            if (remote.ServiceName.Length > 0)
            {
                Set(builder, PeerServiceAttribute, AttributeValue.String(remote.ServiceName));
            }

            if ((remote.Ipv4 ?? remote.Ipv6) is { } ip)
            {
                Set(builder, PeerIpAttribute, AttributeValue.String(ip.ToString()));
            }

            if (remote.Port > 0)
            {
                Set(builder, PeerPortAttribute, AttributeValue.Int(remote.Port));
            }
        }

        if (z.TimestampMicros is null)
        {
            Set(builder, AbsentStartTimeAttribute, AttributeValue.Bool(true));
        }

        return builder.ToImmutable();
    }

    /// <summary>Replaces an attribute of the same key (an endpoint field wins over a same-named tag), else appends.</summary>
    private static void Set(ImmutableArray<KeyValue>.Builder builder, string key, AttributeValue value)
    {
        for (var i = 0; i < builder.Count; i++)
        {
            if (builder[i].Key == key)
            {
                builder[i] = new KeyValue(key, value);
                return;
            }
        }

        builder.Add(new KeyValue(key, value));
    }

    private static ImmutableArray<SpanEvent> MapEvents(ZipkinSpanFields z, int spanIndex)
    {
        if (z.Annotations.Count == 0)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<SpanEvent>(z.Annotations.Count);
        foreach (var (micros, value) in z.Annotations)
        {
            var time = ToNanos(micros, spanIndex, "annotations.timestamp");
            builder.Add(TryParseExporterForm(value, out var name, out var attributes, out var dropped)
                ? new SpanEvent { TimeUnixNano = time, Name = name, Attributes = attributes, DroppedAttributesCount = dropped }
                : new SpanEvent { TimeUnixNano = time, Name = value });
        }

        return builder.MoveToImmutable();
    }

    /// <summary>
    /// The OpenTelemetry Zipkin exporter's event encoding <c>name|{"key":value,…}|droppedAttributesCount</c>.
    /// JSON strings, booleans and integers keep their type, other numbers become doubles, arrays and objects
    /// their JSON text.
    /// </summary>
    internal static bool TryParseExporterForm(string value, out string name, out ImmutableArray<KeyValue> attributes, out uint dropped)
    {
        name = "";
        attributes = [];
        dropped = 0;
        var first = value.IndexOf('|', StringComparison.Ordinal);
        var last = value.LastIndexOf('|');
        if (first < 0 || last <= first
            || !uint.TryParse(value.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out dropped))
        {
            return false;
        }

        var json = value.AsSpan(first + 1, last - first - 1);
        if (json.Length < 2 || json[0] != '{' || json[^1] != '}')
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(json.ToString());
            var builder = ImmutableArray.CreateBuilder<KeyValue>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                var v = property.Value;
                var attribute = v.ValueKind switch
                {
                    JsonValueKind.String => AttributeValue.String(v.GetString()!),
                    JsonValueKind.True => AttributeValue.Bool(true),
                    JsonValueKind.False => AttributeValue.Bool(false),
                    JsonValueKind.Number when v.TryGetInt64(out var l) => AttributeValue.Int(l),
                    JsonValueKind.Number => AttributeValue.Double(v.GetDouble()),
                    _ => AttributeValue.String(v.GetRawText()),
                };
                builder.Add(new KeyValue(property.Name, attribute));
            }

            name = value[..first];
            attributes = builder.ToImmutable();
            return true;
        }
        catch (JsonException)
        {
            dropped = 0;
            return false;
        }
    }

    private static ulong ToNanos(ulong micros, int spanIndex, string field)
    {
        if (micros > ulong.MaxValue / NanosPerMicro)
        {
            throw new ZipkinDecodeException($"span {spanIndex}: {field} {micros} µs does not fit in 64-bit nanoseconds");
        }

        return micros * NanosPerMicro;
    }

    private static int FindTag(List<KeyValuePair<string, string>> tags, string key)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private static string? TakeTag(List<KeyValuePair<string, string>> tags, string key)
    {
        var at = FindTag(tags, key);
        if (at < 0)
        {
            return null;
        }

        var value = tags[at].Value;
        tags.RemoveAt(at);
        return value;
    }
}
