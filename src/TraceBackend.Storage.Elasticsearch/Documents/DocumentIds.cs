using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using TraceBackend.Model;

namespace TraceBackend.Storage.Elasticsearch.Documents;

/// <summary>
/// Document <c>_id</c>s. Fixed IDs make bulk writes idempotent: a retried batch overwrites the same documents
/// instead of adding copies (Jaeger lets ES generate span IDs, so its retries duplicate spans).
/// </summary>
internal static class DocumentIds
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>
    /// Jaeger's service document ID: FNV-1a 64 of the UTF-8 service name followed by the operation name, in lower-case
    /// hex without leading zeros (Go <c>strconv.FormatUint(h, 16)</c>). When <paramref name="spanKind"/> is not empty
    /// it is hashed after them, so each (service, operation, kind) has its own document and documents without a kind
    /// keep Jaeger's exact ID.
    /// </summary>
    public static string Service(string serviceName, string operationName, string spanKind)
    {
        var hash = Fnv(FnvOffset, serviceName);
        hash = Fnv(hash, operationName);
        if (spanKind.Length > 0)
        {
            hash = Fnv(hash, spanKind);
        }

        return hash.ToString("x", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <c>&lt;traceID 32 hex&gt;&lt;spanID 16 hex&gt;-&lt;FNV-1a 64 of the rest of <see cref="Span.Key"/>&gt;</c>: the same span written
    /// twice gets the same ID; Zipkin-style halves sharing a span ID (different kind or service) get different ones.
    /// </summary>
    public static string Span(Span span)
    {
        Span<byte> numbers = stackalloc byte[17];
        numbers[0] = (byte)span.Kind;
        BinaryPrimitives.WriteUInt64LittleEndian(numbers[1..], span.StartTimeUnixNano);
        BinaryPrimitives.WriteUInt64LittleEndian(numbers[9..], span.EndTimeUnixNano);
        var hash = Fnv(FnvOffset, numbers);
        hash = Fnv(hash, span.ServiceName);
        hash = Fnv(hash, [0]); // separates service from name: ("ab","c") ≠ ("a","bc")
        hash = Fnv(hash, span.Name);
        return string.Concat(span.TraceId.ToHex32(), span.SpanId.ToHex(), "-", HexFormat.ToHex16(hash));
    }

    /// <summary>The ID of a dependencies snapshot: its timestamp in Unix microseconds, so rewriting a period replaces its document.</summary>
    public static string Dependencies(DateTimeOffset timestamp) =>
        ((timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture);

    private static ulong Fnv(ulong hash, string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : new byte[max];
        var length = Encoding.UTF8.GetBytes(text, buffer);
        return Fnv(hash, buffer[..length]);
    }

    private static ulong Fnv(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        return hash;
    }
}
