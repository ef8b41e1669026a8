using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Http;

/// <summary>Writes OTLP/HTTP answers in the request's encoding (OTLP spec, "OTLP/HTTP Response").</summary>
internal static class OtlpHttpResponses
{
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";

    /// <summary>200 with an <c>ExportTraceServiceResponse</c>; <c>partial_success</c> only when spans were rejected.</summary>
    public static Task WriteSuccessAsync(HttpContext context, OtlpPayloadFormat format, OtlpConversionResult converted)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (format == OtlpPayloadFormat.Protobuf)
        {
            var response = new ExportTraceServiceResponse();
            if (converted.RejectedSpans > 0)
            {
                response.PartialSuccess = new ExportTracePartialSuccess
                {
                    RejectedSpans = converted.RejectedSpans,
                    ErrorMessage = converted.ErrorMessage,
                };
            }

            return WriteBodyAsync(context, ProtobufContentType, response.ToByteArray());
        }

        var json = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (converted.RejectedSpans > 0)
            {
                writer.WriteStartObject("partialSuccess"u8);

                // proto3 JSON writes int64 as a string.
                writer.WriteString("rejectedSpans"u8, converted.RejectedSpans.ToString(CultureInfo.InvariantCulture));
                writer.WriteString("errorMessage"u8, converted.ErrorMessage);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return WriteBodyAsync(context, JsonContentType, json.WrittenMemory);
    }

    /// <summary>An error answer: <c>google.rpc.Status</c> in the request's encoding, or plain text when unknown.</summary>
    public static Task WriteStatusAsync(HttpContext context, int httpStatus, int rpcCode, string message, OtlpPayloadFormat? format)
    {
        context.Response.StatusCode = httpStatus;
        switch (format)
        {
            case OtlpPayloadFormat.Protobuf:
                return WriteBodyAsync(context, ProtobufContentType, RpcStatusEncoder.ToProtobuf(rpcCode, message));
            case OtlpPayloadFormat.Json:
                var json = new ArrayBufferWriter<byte>(64 + message.Length);
                RpcStatusEncoder.WriteJson(json, rpcCode, message);
                return WriteBodyAsync(context, JsonContentType, json.WrittenMemory);
            default:
                return WriteBodyAsync(context, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message));
        }
    }

    private static Task WriteBodyAsync(HttpContext context, string contentType, ReadOnlyMemory<byte> body)
    {
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
