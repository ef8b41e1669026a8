using System.Text.Encodings.Web;
using System.Text.Json;

namespace TraceBackend.Storage.Elasticsearch.Documents;

/// <summary>
/// Writer options of every request body: non-ASCII text stays UTF-8 instead of <c>\uXXXX</c> escapes (smaller
/// documents); the HTML-safety escaping the default encoder adds is pointless for a database. JSON-significant
/// characters are always escaped.
/// </summary>
internal static class JsonOptions
{
    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
