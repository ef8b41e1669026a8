using System.Text.Json;
using TraceBackend.Query.Json;

namespace TraceBackend.Query.ApiV3;

/// <summary>
/// Writes trace summaries. Unlike plain protojson every field is always written (zero counts, empty names), since
/// the Jaeger UI validates these objects strictly.
/// </summary>
public static class TraceSummaryJson
{
    public static void Write(Utf8JsonWriter writer, TraceSummary summary)
    {
        writer.WriteStartObject();
        writer.WriteString("traceId", summary.TraceId);
        writer.WriteString("rootServiceName", summary.RootServiceName);
        writer.WriteString("rootOperationName", summary.RootOperationName);
        writer.WriteString("minStartTimeUnixNano", summary.MinStartTimeUnixNano.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("maxEndTimeUnixNano", summary.MaxEndTimeUnixNano.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteNumber("spanCount", summary.SpanCount);
        writer.WriteNumber("errorSpanCount", summary.ErrorSpanCount);
        writer.WriteNumber("orphanSpanCount", summary.OrphanSpanCount);
        writer.WriteStartArray("services");
        foreach (var service in summary.Services)
        {
            writer.WriteStartObject();
            writer.WriteString(JsonNames.Name, service.Name);
            writer.WriteNumber("spanCount", service.SpanCount);
            writer.WriteNumber("errorSpanCount", service.ErrorSpanCount);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
