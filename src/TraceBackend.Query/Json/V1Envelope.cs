using System.Text.Json;

namespace TraceBackend.Query.Json;

/// <summary>
/// The v1 response envelope (§1.2): <c>{"data":…,"total":n,"limit":0,"offset":0,"errors":…}</c>. Callers write
/// <c>data</c>'s value between <see cref="WriteStart"/> and <see cref="WriteEnd"/>.
/// </summary>
public static class V1Envelope
{
    /// <summary>An error item: <c>code</c> omitted when 0, <c>traceID</c> omitted when empty.</summary>
    public readonly record struct Error(int Code, string Message, string? TraceId = null);

    public static void WriteStart(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(JsonNames.Data);
    }

    /// <summary>Closes the envelope; <paramref name="errors"/> null writes <c>"errors":null</c>.</summary>
    public static void WriteEnd(Utf8JsonWriter writer, int total = 0, IReadOnlyList<Error>? errors = null)
    {
        writer.WriteNumber(JsonNames.Total, total);
        writer.WriteNumber(JsonNames.Limit, 0);
        writer.WriteNumber(JsonNames.Offset, 0);
        if (errors is null)
        {
            writer.WriteNull(JsonNames.Errors);
        }
        else
        {
            writer.WriteStartArray(JsonNames.Errors);
            foreach (var error in errors)
            {
                writer.WriteStartObject();
                if (error.Code != 0)
                {
                    writer.WriteNumber(JsonNames.Code, error.Code);
                }

                writer.WriteString(JsonNames.Msg, error.Message);
                if (!string.IsNullOrEmpty(error.TraceId))
                {
                    writer.WriteString(JsonNames.TraceIdV1, error.TraceId);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>The whole error document: <c>data</c> null and one error item with the HTTP status as code.</summary>
    public static void WriteError(Utf8JsonWriter writer, int status, string message)
    {
        WriteStart(writer);
        writer.WriteNullValue();
        WriteEnd(writer, 0, [new Error(status, message)]);
    }
}
