using System.Text.Json;
using OpenTelemetry.Proto.Collector.Trace.V1;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceBackend.Otlp;

/// <summary>
/// Decodes OTLP/JSON (an <c>ExportTraceServiceRequest</c>) with <see cref="Utf8JsonReader"/>, then converts it
/// like protobuf input. Accepted, as the OpenTelemetry Collector does: hex trace/span IDs (never base64),
/// enums as integers or names, 64-bit integers as JSON numbers or strings, lowerCamelCase or snake_case
/// field names, base64 <c>bytesValue</c>, unknown fields ignored, <c>null</c> as the default value.
/// Malformed JSON or a wrong type throws <see cref="OtlpDecodeException"/> naming the JSON path; an ID
/// that is not hex, or has the wrong length, only rejects its span. Thread-safe.
/// </summary>
public sealed class OtlpJsonDecoder
{
    private readonly OtlpConverter _converter;

    public OtlpJsonDecoder(OtlpConverter converter) => _converter = converter;

    /// <exception cref="OtlpDecodeException">The payload is not a decodable OTLP/JSON request.</exception>
    public OtlpConversionResult Decode(ReadOnlySpan<byte> utf8Json)
    {
        var request = Parse(utf8Json, out var idErrors);
        return _converter.Convert(request, idErrors);
    }

    /// <summary>Parses into the protobuf classes; IDs that are not hex are reported in <paramref name="idErrors"/>.</summary>
    internal static ExportTraceServiceRequest Parse(ReadOnlySpan<byte> utf8Json, out Dictionary<ProtoSpan, IdError>? idErrors)
    {
        var parser = new OtlpJsonParser(utf8Json);
        try
        {
            var request = parser.ReadRequest();
            idErrors = parser.IdErrors;
            return request;
        }
        catch (JsonException ex)
        {
            throw parser.Error(StripPosition(ex.Message), ex);
        }
        catch (InvalidOperationException ex)
        {
            throw parser.Error(ex.Message, ex);
        }
    }

    /// <summary>Utf8JsonReader appends "LineNumber: … | BytePositionInLine: …"; the parser adds its own position.</summary>
    private static string StripPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message[..at].TrimEnd('.', ' ') : message;
    }
}
