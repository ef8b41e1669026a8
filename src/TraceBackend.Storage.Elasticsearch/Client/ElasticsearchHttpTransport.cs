using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TraceBackend.Storage.Elasticsearch.Client;

/// <summary>
/// <see cref="IElasticsearchTransport"/> over one <see cref="HttpClient"/> (a pooled <see cref="SocketsHttpHandler"/>):
/// requests rotate round-robin over <see cref="ElasticsearchOptions.ServerUrls"/>, carry the configured
/// <c>Authorization</c> header, and time out after <see cref="ElasticsearchOptions.RequestTimeout"/>. Connection
/// failures, timeouts and 429/502/503/504 answers are retried on the next node with exponential backoff
/// (<see cref="RetryPolicy"/>); when the attempts or the time budget run out the call throws
/// <see cref="ElasticsearchUnavailableException"/>. Other statuses (including 4xx and 500) are returned as they are.
/// Thread-safe; dispose it once (the store that owns it does).
/// </summary>
public sealed partial class ElasticsearchHttpTransport : IElasticsearchTransport, IDisposable
{
    private readonly HttpClient _client;
    private readonly string[] _nodes;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly TimeSpan _timeout;
    private readonly RetryPolicy _retry;
    private readonly ILogger _logger;
    private uint _next;

    public ElasticsearchHttpTransport(ElasticsearchOptions options, ILogger<ElasticsearchHttpTransport>? logger = null)
        : this(options, RetryPolicy.Default, logger)
    {
    }

    internal ElasticsearchHttpTransport(ElasticsearchOptions options, RetryPolicy retry, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ServerUrls.Count == 0)
        {
            throw new ArgumentException("at least one server URL is required", nameof(options));
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RequestTimeout, "the request timeout must be positive");
        }

        // Base URLs without the trailing '/', so "http://es:9200/prefix/" + "/_bulk" keeps a path prefix intact.
        _nodes = [.. options.ServerUrls.Select(static u => u.AbsoluteUri.TrimEnd('/'))];
        _authorization = CreateAuthorization(options);
        _timeout = options.RequestTimeout;
        _retry = retry;
        _logger = logger ?? NullLogger.Instance;
        _client = new HttpClient(CreateHandler(options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async ValueTask<ElasticsearchResponse> SendAsync(HttpMethod method, string pathAndQuery, ReadOnlyMemory<byte>? body = null,
        string contentType = "application/json", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var node = _nodes[(int)(Interlocked.Increment(ref _next) % (uint)_nodes.Length)];
            string failure;
            Exception? inner = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_timeout);
                try
                {
                    var response = await SendOnceAsync(node, method, pathAndQuery, body, contentType, timeout.Token).ConfigureAwait(false);
                    if (response.StatusCode is not (429 or 502 or 503 or 504))
                    {
                        return response;
                    }

                    failure = $"HTTP {response.StatusCode} {ErrorText.Describe(response)}";
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"no answer within {_timeout.TotalSeconds:0.###} s";
                    inner = ex;
                }
                catch (HttpRequestException ex)
                {
                    failure = ex.Message;
                    inner = ex;
                }
            }

            var delay = _retry.Backoff(attempt);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (!_retry.MayRetry(attempt, elapsed, delay))
            {
                LogGaveUp(_logger, method, pathAndQuery, attempt, failure);
                throw new ElasticsearchUnavailableException(
                    $"{method} {pathAndQuery}: the cluster did not accept the request after {attempt} attempt(s) in {elapsed.TotalSeconds:0.#} s; last failure ({node}): {failure}",
                    inner);
            }

            LogRetrying(_logger, method, pathAndQuery, node, attempt, failure, delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<ElasticsearchResponse> SendOnceAsync(string node, HttpMethod method, string pathAndQuery, ReadOnlyMemory<byte>? body,
        string contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, node + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery));
        if (body is { } content)
        {
            request.Content = new ReadOnlyMemoryContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        request.Headers.Authorization = _authorization;
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new ElasticsearchResponse((int)response.StatusCode, bytes);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Elasticsearch {Method} {Path} on {Node} failed (attempt {Attempt}: {Failure}); retrying in {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, HttpMethod method, string path, string node, int attempt, string failure, double delayMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Elasticsearch {Method} {Path} gave up after {Attempts} attempt(s): {Failure}")]
    private static partial void LogGaveUp(ILogger logger, HttpMethod method, string path, int attempts, string failure);
}
