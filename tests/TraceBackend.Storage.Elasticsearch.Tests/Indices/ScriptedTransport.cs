using System.Text;
using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Tests.Indices;

/// <summary>
/// Records every request and answers it with the script's response; a request the script does not expect
/// (null answer) fails the test with its method and path.
/// </summary>
internal sealed class ScriptedTransport(Func<RecordedRequest, ElasticsearchResponse?> script) : IElasticsearchTransport
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>"METHOD path" of each request, in order.</summary>
    public IReadOnlyList<string> Lines => [.. Requests.Select(request => request.ToString())];

    public ValueTask<ElasticsearchResponse> SendAsync(HttpMethod method, string pathAndQuery, ReadOnlyMemory<byte>? body = null,
        string contentType = "application/json", CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = new RecordedRequest(method, pathAndQuery, body is { } bytes ? Encoding.UTF8.GetString(bytes.Span) : null, contentType);
        lock (_requests)
        {
            _requests.Add(request);
        }

        var response = script(request) ?? throw new InvalidOperationException($"Unscripted request: {request}");
        return ValueTask.FromResult(response);
    }

    public static ElasticsearchResponse Json(int status, string json) => new(status, Encoding.UTF8.GetBytes(json));

    public static ElasticsearchResponse Acknowledged() => Json(200, """{"acknowledged":true}""");

    /// <summary>An error body in the shape Elasticsearch and OpenSearch send.</summary>
    public static ElasticsearchResponse Error(int status, string type, string reason) => Json(status,
        $$"""{"error":{"root_cause":[{"type":"{{type}}","reason":"{{reason}}"}],"type":"{{type}}","reason":"{{reason}}"},"status":{{status}}}""");
}
