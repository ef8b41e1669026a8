using System.Buffers;
using System.Text.Json;
using TraceBackend.Model;

namespace TraceBackend.Storage.Elasticsearch.Documents;

/// <summary>
/// A span ↔ its span document, for one tags-as-fields configuration. <see cref="RoundTrip"/> is what a span reads
/// back as after a write (the layout keeps µs times, only typed tags, no scope or link attributes, no warnings).
/// Thread-safe: every call uses its own writer or reader.
/// </summary>
internal sealed class SpanDocumentCodec
{
    public SpanDocumentCodec(TagFieldPolicy policy) => Policy = policy;

    public TagFieldPolicy Policy { get; }

    public byte[] Encode(Span span)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions.Writer))
        {
            new SpanDocumentWriter(Policy).Write(writer, span);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="FormatException">The document has no valid trace or span ID.</exception>
    public Span Decode(ReadOnlyMemory<byte> document)
    {
        using var json = JsonDocument.Parse(document);
        return new SpanDocumentReader(Policy).TryRead(json.RootElement, out var span, out var error)
            ? span!
            : throw new FormatException(error);
    }

    public Span RoundTrip(Span span) => Decode(Encode(span));
}
