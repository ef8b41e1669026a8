using System.Text.Json;
using TraceBackend.Storage;

namespace TraceBackend.Query;

/// <summary>
/// The capability objects the Jaeger UI reads from its <c>index.html</c> (§1.10). TraceBackend has no archive
/// storage, no metrics backend and no AI assistant; service-less search follows the store.
/// </summary>
public static class UiCapabilities
{
    /// <summary>JSON for <c>JAEGER_STORAGE_CAPABILITIES</c> (UI ≤ v2.19): <c>{"archiveStorage":false,"metricsStorage":false}</c>.</summary>
    public static string StorageCapabilitiesJson() => Write(null);

    /// <summary>
    /// JSON for <c>JAEGER_BACKEND_CAPABILITIES</c> (UI v2.20+):
    /// <c>{"archiveStorage":false,"metricsStorage":false,"searchWithoutServiceName":…,"aiAssistant":false}</c>.
    /// </summary>
    public static string BackendCapabilitiesJson(StorageCapabilities capabilities) => Write(capabilities);

    private static string Write(StorageCapabilities? capabilities)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("archiveStorage", false);
            writer.WriteBoolean("metricsStorage", false);
            if (capabilities is not null)
            {
                writer.WriteBoolean("searchWithoutServiceName", capabilities.SearchWithoutServiceName);
                writer.WriteBoolean("aiAssistant", false);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
