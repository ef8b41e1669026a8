using System.Text.Json;

namespace TraceBackend.Query.Json;

/// <summary>Pre-encoded property names shared by the writers (encoded once, written many times).</summary>
internal static class JsonNames
{
    public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    public static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
    public static readonly JsonEncodedText Limit = JsonEncodedText.Encode("limit");
    public static readonly JsonEncodedText Offset = JsonEncodedText.Encode("offset");
    public static readonly JsonEncodedText Errors = JsonEncodedText.Encode("errors");
    public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
    public static readonly JsonEncodedText Msg = JsonEncodedText.Encode("msg");

    public static readonly JsonEncodedText TraceIdV1 = JsonEncodedText.Encode("traceID");
    public static readonly JsonEncodedText SpanIdV1 = JsonEncodedText.Encode("spanID");
    public static readonly JsonEncodedText Spans = JsonEncodedText.Encode("spans");
    public static readonly JsonEncodedText Processes = JsonEncodedText.Encode("processes");
    public static readonly JsonEncodedText Warnings = JsonEncodedText.Encode("warnings");
    public static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
    public static readonly JsonEncodedText OperationName = JsonEncodedText.Encode("operationName");
    public static readonly JsonEncodedText References = JsonEncodedText.Encode("references");
    public static readonly JsonEncodedText RefType = JsonEncodedText.Encode("refType");
    public static readonly JsonEncodedText StartTime = JsonEncodedText.Encode("startTime");
    public static readonly JsonEncodedText Duration = JsonEncodedText.Encode("duration");
    public static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
    public static readonly JsonEncodedText Logs = JsonEncodedText.Encode("logs");
    public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    public static readonly JsonEncodedText Fields = JsonEncodedText.Encode("fields");
    public static readonly JsonEncodedText ProcessId = JsonEncodedText.Encode("processID");
    public static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("serviceName");
    public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    public static readonly JsonEncodedText ChildOf = JsonEncodedText.Encode("CHILD_OF");
    public static readonly JsonEncodedText FollowsFrom = JsonEncodedText.Encode("FOLLOWS_FROM");

    public static readonly JsonEncodedText TypeString = JsonEncodedText.Encode("string");
    public static readonly JsonEncodedText TypeBool = JsonEncodedText.Encode("bool");
    public static readonly JsonEncodedText TypeInt64 = JsonEncodedText.Encode("int64");
    public static readonly JsonEncodedText TypeFloat64 = JsonEncodedText.Encode("float64");
    public static readonly JsonEncodedText TypeBinary = JsonEncodedText.Encode("binary");

    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText SpanKind = JsonEncodedText.Encode("spanKind");
    public static readonly JsonEncodedText Parent = JsonEncodedText.Encode("parent");
    public static readonly JsonEncodedText Child = JsonEncodedText.Encode("child");
    public static readonly JsonEncodedText CallCount = JsonEncodedText.Encode("callCount");
}
