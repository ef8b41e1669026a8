using System.Buffers;
using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Storage.Elasticsearch.Documents;

namespace TraceBackend.Storage.Elasticsearch.Writing;

/// <summary>
/// Renders <c>_bulk</c> <c>index</c> actions: <c>{"index":{"_index","_id"}}</c> (plus <c>_type</c> on Elasticsearch 6:
/// <c>span</c>, <c>service</c>) and the document, one line each. <c>index</c> overwrites a document of the same ID,
/// which is what makes a retried write idempotent. Not thread-safe: one per write call.
/// </summary>
internal sealed class BulkItemEncoder
{
    public const string SpanType = "span";
    public const string ServiceType = "service";

    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly Utf8JsonWriter _writer;
    private readonly SpanDocumentWriter _spans;
    private readonly bool _mappingTypes;

    public BulkItemEncoder(TagFieldPolicy policy, bool mappingTypes)
    {
        _writer = new Utf8JsonWriter(_buffer, JsonOptions.Writer);
        _spans = new SpanDocumentWriter(policy);
        _mappingTypes = mappingTypes;
    }

    public byte[] Span(string index, string id, Span span)
    {
        Begin(index, SpanType, id);
        _spans.Write(_writer, span);
        return End();
    }

    /// <summary>A service document: <c>{serviceName, operationName}</c>, plus <c>spanKind</c> when the kind is known.</summary>
    public byte[] Service(ServiceOperationKey key, string id)
    {
        Begin(key.Index, ServiceType, id);
        _writer.WriteStartObject();
        _writer.WriteString("serviceName", key.ServiceName);
        _writer.WriteString("operationName", key.OperationName);
        if (key.SpanKind.Length > 0)
        {
            _writer.WriteString("spanKind", key.SpanKind);
        }

        _writer.WriteEndObject();
        return End();
    }

    private void Begin(string index, string type, string id)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteStartObject("index");
        _writer.WriteString("_index", index);
        if (_mappingTypes)
        {
            _writer.WriteString("_type", type);
        }

        _writer.WriteString("_id", id);
        _writer.WriteEndObject();
        _writer.WriteEndObject();
        _writer.Flush();
        _buffer.Write("\n"u8);
        _writer.Reset(_buffer);
    }

    private byte[] End()
    {
        _writer.Flush();
        _buffer.Write("\n"u8);
        return _buffer.WrittenSpan.ToArray();
    }
}
