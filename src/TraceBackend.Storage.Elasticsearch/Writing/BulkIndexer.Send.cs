using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Writing;

internal sealed partial class BulkIndexer
{
    private const string NdJson = "application/x-ndjson";

    /// <summary>
    /// Sends one sealed batch and resolves every item:
    /// <list type="bullet">
    /// <item>the transport already retried connection failures and whole-request 429/502–504; when it gives up,
    /// every item fails with its <see cref="ElasticsearchUnavailableException"/>;</item>
    /// <item>a whole-request 500 is retried here like a per-item one; any other non-2xx fails every item with
    /// <see cref="ElasticsearchException"/>;</item>
    /// <item>per item (<c>items[i].status</c>): 2xx → stored; 429 or 5xx → sent again (only those items) after a
    /// backoff, until <see cref="BulkIndexerSettings.Retry"/> runs out, then failed as unavailable; anything else
    /// (400 <c>mapper_parsing_exception</c>, …) → rejected: counted, logged and failed.</item>
    /// </list>
    /// </summary>
    private async Task SendAsync(List<BulkItem> batch)
    {
        var retry = _settings.Retry;
        var started = Stopwatch.GetTimestamp();
        var items = WithoutAbandoned(batch);
        for (var attempt = 1; items.Count > 0; attempt++)
        {
            ElasticsearchResponse response;
            try
            {
                _statistics.AddBulkRequest();
                response = await _transport.SendAsync(HttpMethod.Post, "/_bulk", Concatenate(items), NdJson).ConfigureAwait(false);
            }
            catch (ElasticsearchUnavailableException ex)
            {
                LogBulkUnavailable(_logger, items.Count, ex.Message);
                Fail(items, ex);
                return;
            }

            List<BulkItem> again;
            string lastReason;
            if (response.StatusCode == 500)
            {
                again = items;
                lastReason = $"HTTP 500 {ErrorText.Describe(response)}";
            }
            else if (!response.IsSuccess)
            {
                var error = new ElasticsearchException($"_bulk answered HTTP {response.StatusCode}: {ErrorText.Describe(response)}", response.StatusCode);
                LogBulkRefused(_logger, items.Count, response.StatusCode, error.Message);
                Fail(items, error);
                return;
            }
            else
            {
                (again, lastReason) = ResolveItems(items, response.Body);
            }

            if (again.Count == 0)
            {
                return;
            }

            var delay = retry.Backoff(attempt);
            if (!retry.MayRetry(attempt, Stopwatch.GetElapsedTime(started), delay))
            {
                var error = new ElasticsearchUnavailableException(
                    $"the cluster still refused {again.Count} bulk item(s) after {attempt} attempt(s): {lastReason}");
                LogItemsGaveUp(_logger, again.Count, attempt, lastReason);
                Fail(again, error);
                return;
            }

            _statistics.AddRetried(again.Count);
            LogItemsRetrying(_logger, again.Count, lastReason, delay.TotalMilliseconds);
            await Task.Delay(delay).ConfigureAwait(false);
            items = again;
        }
    }

    /// <summary>
    /// Fails at once, without sending, the items of write calls that already failed as unavailable (an earlier
    /// <c>_bulk</c> request of the same call gave up): the call's outcome is decided, so a large write against a down
    /// cluster fails after one request's retries instead of one per request. Returns the items still to send.
    /// </summary>
    private List<BulkItem> WithoutAbandoned(List<BulkItem> batch)
    {
        List<BulkItem>? abandoned = null;
        List<BulkItem>? keep = null;
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Owner.Abandoned)
            {
                keep ??= batch[..i];
                (abandoned ??= []).Add(batch[i]);
            }
            else
            {
                keep?.Add(batch[i]);
            }
        }

        if (abandoned is null)
        {
            return batch;
        }

        Fail(abandoned, new ElasticsearchUnavailableException("not sent: an earlier bulk request of the same write could not be stored"));
        return keep!;
    }

    /// <summary>Resolves stored and rejected items; returns those to send again (429/5xx) and the last reason seen for them.</summary>
    private (List<BulkItem> Again, string LastReason) ResolveItems(List<BulkItem> items, byte[] body)
    {
        var again = new List<BulkItem>();
        var lastReason = "";
        int stored = 0, rejected = 0;
        string? firstRejection = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("items", out var results) || results.ValueKind != JsonValueKind.Array
                || results.GetArrayLength() != items.Count)
            {
                throw new JsonException($"expected {items.Count} entries in 'items'");
            }

            var i = 0;
            foreach (var entry in results.EnumerateArray())
            {
                var item = items[i++];
                var (status, reason) = ReadItem(entry);
                if (status is >= 200 and < 300)
                {
                    stored++;
                    item.Succeed();
                }
                else if (ErrorText.IsRetryable(status))
                {
                    lastReason = $"HTTP {status} {reason}";
                    again.Add(item);
                }
                else
                {
                    rejected++;
                    var message = $"{item.Index}/{item.Id}: HTTP {status} {reason}";
                    firstRejection ??= message;
                    item.Fail(new ElasticsearchException($"the cluster rejected bulk item {message}", status));
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: an element of an unexpected kind (e.g. an item that is no object).
            var error = new ElasticsearchException($"unreadable _bulk response ({ex.Message}): {Truncate(body)}", 200);
            LogBulkRefused(_logger, items.Count, 200, error.Message);
            // Items resolved before the parse failure keep their outcome; the rest fail.
            var unresolved = items.Skip(stored + rejected + again.Count).ToList();
            Fail(unresolved, error);
        }

        _statistics.AddStored(stored);
        if (rejected > 0)
        {
            _statistics.AddRejected(rejected);
            LogItemsRejected(_logger, rejected, items.Count, firstRejection!);
        }

        return (again, lastReason);
    }

    /// <summary><c>{"index": {"status": 201, "error": {...}}}</c>: the single action entry's status and error text.</summary>
    private static (int Status, string Reason) ReadItem(JsonElement entry)
    {
        foreach (var action in entry.EnumerateObject())
        {
            var status = action.Value.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var code) ? code : 0;
            var reason = action.Value.TryGetProperty("error", out var error) ? ErrorText.Describe(error) : "";
            return (status, reason);
        }

        return (0, "empty item entry");
    }

    private static ReadOnlyMemory<byte> Concatenate(List<BulkItem> items)
    {
        var length = 0;
        foreach (var item in items)
        {
            length += item.Payload.Length;
        }

        var body = new byte[length];
        var offset = 0;
        foreach (var item in items)
        {
            item.Payload.CopyTo(body, offset);
            offset += item.Payload.Length;
        }

        return body;
    }

    private static string Truncate(byte[] body) =>
        System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 500));

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
        Message = "Elasticsearch rejected {Rejected} of {Count} bulk item(s) for good (not retryable); first: {First}")]
    private static partial void LogItemsRejected(ILogger logger, int rejected, int count, string first);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Elasticsearch refused {Count} bulk item(s) ({Reason}); retrying them in {DelayMs:0} ms")]
    private static partial void LogItemsRetrying(ILogger logger, int count, string reason, double delayMs);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Giving up on {Count} bulk item(s) after {Attempts} attempt(s): {Reason}")]
    private static partial void LogItemsGaveUp(ILogger logger, int count, int attempts, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "A _bulk request of {Count} item(s) could not be delivered: {Reason}")]
    private static partial void LogBulkUnavailable(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "A _bulk request of {Count} item(s) was refused with HTTP {Status}: {Reason}")]
    private static partial void LogBulkRefused(ILogger logger, int count, int status, string reason);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Unexpected failure in the Elasticsearch bulk writer")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
