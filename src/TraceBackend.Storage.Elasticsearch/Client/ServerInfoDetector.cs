using System.Globalization;
using System.Text.Json;

namespace TraceBackend.Storage.Elasticsearch.Client;

/// <summary>
/// Finds out which server and version the store talks to, as Jaeger does: <see cref="ElasticsearchOptions.Version"/>
/// when set, otherwise <c>GET /</c> — <c>version.number</c> gives the version, and the server is OpenSearch when
/// <c>version.distribution</c> is <c>opensearch</c> or the <c>tagline</c> contains "OpenSearch".
/// </summary>
public static class ServerInfoDetector
{
    /// <exception cref="ArgumentException">The configured version cannot be parsed.</exception>
    /// <exception cref="ElasticsearchException">The cluster answered <c>GET /</c> with an error (401 when credentials are wrong).</exception>
    /// <exception cref="ElasticsearchUnavailableException">The cluster could not be reached.</exception>
    public static async Task<ElasticsearchServerInfo> DetectAsync(IElasticsearchTransport transport, ElasticsearchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Version))
        {
            return ParseVersionOption(options.Version);
        }

        var response = await transport.SendAsync(HttpMethod.Get, "/", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw ErrorText.Failure(response, "Detecting the server version (GET /)");
        }

        var server = ParseRootDocument(response.Body);
        if (server.Distribution == ElasticsearchDistribution.Elasticsearch && server.Major < MinimumElasticsearchMajor)
        {
            throw new ElasticsearchException($"{server} is not supported: Elasticsearch 6.8 or later, or OpenSearch, is needed", response.StatusCode);
        }

        return server;
    }

    /// <summary>Elasticsearch 5 and older (string fields, no typeless APIs) are refused.</summary>
    public const int MinimumElasticsearchMajor = 6;

    /// <summary>
    /// <c>--es-version</c>: an Elasticsearch major (<c>6</c>…<c>9</c>, optionally with a minor: <c>7.17</c>) or
    /// <c>opensearch1</c>…<c>opensearch3</c> (case-insensitive; a minor may follow, <c>opensearch2.11</c>).
    /// </summary>
    public static ElasticsearchServerInfo ParseVersionOption(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var text = version.Trim();
        var distribution = ElasticsearchDistribution.Elasticsearch;
        if (text.StartsWith("opensearch", StringComparison.OrdinalIgnoreCase))
        {
            distribution = ElasticsearchDistribution.OpenSearch;
            text = text["opensearch".Length..];
        }

        if (!TryParseNumber(text, out var major, out var minor) || major <= 0
            || (distribution == ElasticsearchDistribution.Elasticsearch && major < MinimumElasticsearchMajor))
        {
            throw new ArgumentException($"unrecognised Elasticsearch version '{version}' (expected 6, 7, 8, 9 or opensearch1…opensearch3)", nameof(version));
        }

        return new ElasticsearchServerInfo(distribution, major, minor);
    }

    /// <summary>Reads the answer of <c>GET /</c>.</summary>
    /// <exception cref="ElasticsearchException">The document has no parseable <c>version.number</c>.</exception>
    public static ElasticsearchServerInfo ParseRootDocument(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            string? number = null;
            string? distribution = null;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Object)
            {
                number = version.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                distribution = version.TryGetProperty("distribution", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            }

            var tagline = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("tagline", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (number is null || !TryParseNumber(number, out var major, out var minor))
            {
                throw new ElasticsearchException($"GET / returned no usable version.number: {Truncate(root.GetRawText())}", 200);
            }

            var isOpenSearch = string.Equals(distribution, "opensearch", StringComparison.OrdinalIgnoreCase)
                || (tagline?.Contains("OpenSearch", StringComparison.Ordinal) ?? false);
            return new ElasticsearchServerInfo(isOpenSearch ? ElasticsearchDistribution.OpenSearch : ElasticsearchDistribution.Elasticsearch, major, minor);
        }
        catch (JsonException ex)
        {
            throw new ElasticsearchException($"GET / did not return JSON: {ex.Message}", 200);
        }
    }

    /// <summary><c>major[.minor[.patch…]]</c>, with an optional suffix after the numbers (<c>8.0.0-SNAPSHOT</c>).</summary>
    private static bool TryParseNumber(string text, out int major, out int minor)
    {
        major = 0;
        minor = 0;
        var parts = text.Split('.', 3);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out major))
        {
            return false;
        }

        if (parts.Length > 1)
        {
            var digits = parts[1];
            var end = 0;
            while (end < digits.Length && char.IsAsciiDigit(digits[end]))
            {
                end++;
            }

            if (end == 0 || !int.TryParse(digits.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out minor))
            {
                return false;
            }
        }

        return true;
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
