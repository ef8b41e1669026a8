using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Zipkin;

/// <summary>
/// Decodes a Zipkin v2 JSON <c>ListOfSpans</c> (openzipkin/zipkin-api <c>zipkin2-api.yaml</c>) into model spans.
/// Strict about shapes: the body must be an array of objects; a field of the wrong JSON type, a missing
/// <c>traceId</c>/<c>id</c>, an annotation without <c>timestamp</c>/<c>value</c>, a non-string tag value, a bad
/// IP address or a port outside 0–65535 fail the whole request with a <see cref="ZipkinDecodeException"/> naming
/// the span index and field. <c>null</c> counts as absent for optional fields; unknown fields are ignored.
/// An ID that is a string but not 1–32 (trace) or 1–16 (span, parent) hex digits, or all zeros, rejects only its
/// span (counted in the result, like OTLP partial success). 64-bit trace IDs are left-padded to 128 bits.
/// </summary>
internal static class ZipkinJsonDecoder
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 64 };

    /// <exception cref="ZipkinDecodeException">The payload is not a valid Zipkin v2 JSON span list.</exception>
    public static OtlpConversionResult Decode(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json, s_options);
        }
        catch (JsonException ex)
        {
            throw new ZipkinDecodeException($"invalid Zipkin JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new ZipkinDecodeException($"invalid Zipkin JSON: the body must be an array of spans, got {Kind(root)}");
            }

            var spans = new List<Span>(root.GetArrayLength());
            var rejections = new RejectionLog();
            var mapper = new ZipkinSpanMapper();
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                var fields = ReadSpan(element, index, rejections);
                if (fields is not null)
                {
                    spans.Add(mapper.Map(fields, index));
                }

                index++;
            }

            return rejections.ToResult(spans);
        }
    }

    /// <summary>Null when the span is rejected for an invalid ID (recorded in <paramref name="rejections"/>).</summary>
    private static ZipkinSpanFields? ReadSpan(JsonElement span, int index, RejectionLog rejections)
    {
        if (span.ValueKind != JsonValueKind.Object)
        {
            throw Error(index, "", $"must be an object, got {Kind(span)}");
        }

        var traceIdText = RequiredString(span, "traceId", index);
        var idText = RequiredString(span, "id", index);
        var parentText = OptionalString(span, "parentId", index);

        var fields = new ZipkinSpanFields
        {
            Name = OptionalString(span, "name", index) ?? "",
            TimestampMicros = OptionalUInt64(span, "timestamp", index),
            DurationMicros = OptionalUInt64(span, "duration", index) ?? 0,
            LocalEndpoint = ReadEndpoint(span, "localEndpoint", index),
            RemoteEndpoint = ReadEndpoint(span, "remoteEndpoint", index),
        };

        var kind = OptionalString(span, "kind", index);
        if (kind is not null)
        {
            fields.Kind = ParseKind(kind);
            fields.UnknownKind = fields.Kind is null ? kind : null;
        }

        OptionalBool(span, "debug", index);
        OptionalBool(span, "shared", index);
        ReadAnnotations(span, index, fields);
        ReadTags(span, index, fields);

        if (!HexFormat.TryParseHex128(traceIdText, out var high, out var low) || traceIdText.Length == 0)
        {
            rejections.Add(RejectReason.InvalidTraceId, index, $"traceId \"{Clip(traceIdText)}\" is not 1-32 hex digits");
            return null;
        }

        fields.TraceId = new TraceId(high, low);
        if (fields.TraceId.IsEmpty)
        {
            rejections.Add(RejectReason.InvalidTraceId, index, "traceId must not be all zeros");
            return null;
        }

        if (!SpanId.TryParse(idText, out var spanId))
        {
            rejections.Add(RejectReason.InvalidSpanId, index, $"id \"{Clip(idText)}\" is not 1-16 hex digits");
            return null;
        }

        if (spanId.IsEmpty)
        {
            rejections.Add(RejectReason.InvalidSpanId, index, "id must not be all zeros");
            return null;
        }

        fields.SpanId = spanId;
        if (parentText is not null)
        {
            if (!SpanId.TryParse(parentText, out var parentId))
            {
                rejections.Add(RejectReason.InvalidParentSpanId, index, $"parentId \"{Clip(parentText)}\" is not 1-16 hex digits");
                return null;
            }

            fields.ParentId = parentId;
        }

        return fields;
    }

    internal static SpanKind? ParseKind(string kind) => kind switch
    {
        "CLIENT" => SpanKind.Client,
        "SERVER" => SpanKind.Server,
        "PRODUCER" => SpanKind.Producer,
        "CONSUMER" => SpanKind.Consumer,
        _ => null,
    };

    private static ZipkinEndpoint? ReadEndpoint(JsonElement span, string name, int index)
    {
        if (!TryGet(span, name, out var e))
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Error(index, name, $"must be an object, got {Kind(e)}");
        }

        var endpoint = new ZipkinEndpoint
        {
            ServiceName = OptionalString(e, "serviceName", index, name + ".") ?? "",
            Ipv4 = ParseIp(OptionalString(e, "ipv4", index, name + "."), AddressFamily.InterNetwork, index, name + ".ipv4"),
            Ipv6 = ParseIp(OptionalString(e, "ipv6", index, name + "."), AddressFamily.InterNetworkV6, index, name + ".ipv6"),
        };
        if (TryGet(e, "port", out var port))
        {
            if (port.ValueKind != JsonValueKind.Number || !port.TryGetInt32(out var p) || p is < 0 or > 65535)
            {
                throw Error(index, name + ".port", $"must be an integer from 0 to 65535, got {Describe(port)}");
            }

            endpoint.Port = p;
        }

        return endpoint;
    }

    private static IPAddress? ParseIp(string? text, AddressFamily family, int index, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily != family)
        {
            throw Error(index, field, $"\"{Clip(text)}\" is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address");
        }

        return ip;
    }

    private static void ReadAnnotations(JsonElement span, int index, ZipkinSpanFields fields)
    {
        if (!TryGet(span, "annotations", out var annotations))
        {
            return;
        }

        if (annotations.ValueKind != JsonValueKind.Array)
        {
            throw Error(index, "annotations", $"must be an array, got {Kind(annotations)}");
        }

        var i = 0;
        foreach (var a in annotations.EnumerateArray())
        {
            var field = $"annotations[{i}]";
            if (a.ValueKind != JsonValueKind.Object)
            {
                throw Error(index, field, $"must be an object, got {Kind(a)}");
            }

            var timestamp = OptionalUInt64(a, "timestamp", index, field + ".")
                ?? throw Error(index, field + ".timestamp", "is required");
            var value = OptionalString(a, "value", index, field + ".")
                ?? throw Error(index, field + ".value", "is required");
            fields.Annotations.Add((timestamp, value));
            i++;
        }
    }

    private static void ReadTags(JsonElement span, int index, ZipkinSpanFields fields)
    {
        if (!TryGet(span, "tags", out var tags))
        {
            return;
        }

        if (tags.ValueKind != JsonValueKind.Object)
        {
            throw Error(index, "tags", $"must be an object of strings, got {Kind(tags)}");
        }

        foreach (var tag in tags.EnumerateObject())
        {
            if (tag.Value.ValueKind != JsonValueKind.String)
            {
                throw Error(index, $"tags.{tag.Name}", $"must be a string, got {Describe(tag.Value)}");
            }

            // A repeated key keeps its first position and its last value, as a Go map would keep the last value.
            var value = tag.Value.GetString()!;
            var at = fields.Tags.FindIndex(t => t.Key == tag.Name);
            if (at >= 0)
            {
                fields.Tags[at] = new(tag.Name, value);
            }
            else
            {
                fields.Tags.Add(new(tag.Name, value));
            }
        }
    }

    /// <summary>Absent and <c>null</c> are the same.</summary>
    private static bool TryGet(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string RequiredString(JsonElement span, string name, int index) =>
        OptionalString(span, name, index) ?? throw Error(index, name, "is required");

    private static string? OptionalString(JsonElement obj, string name, int index, string prefix = "")
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Error(index, prefix + name, $"must be a string, got {Describe(value)}");
    }

    private static ulong? OptionalUInt64(JsonElement obj, string name, int index, string prefix = "")
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var n)
            ? n
            : throw Error(index, prefix + name, $"must be a non-negative integer (microseconds), got {Describe(value)}");
    }

    private static void OptionalBool(JsonElement obj, string name, int index)
    {
        if (TryGet(obj, name, out var value) && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw Error(index, name, $"must be a boolean, got {Describe(value)}");
        }
    }

    private static ZipkinDecodeException Error(int index, string field, string problem) =>
        new(field.Length == 0
            ? $"invalid Zipkin JSON: span {index} {problem}"
            : $"invalid Zipkin JSON: span {index}: \"{field}\" {problem}");

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Describe(JsonElement e) => e.ValueKind is JsonValueKind.Object or JsonValueKind.Array
        ? Kind(e)
        : $"{Kind(e)} ({Clip(e.GetRawText())})";

    internal static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
