using System.Diagnostics;
using System.Net;

namespace TraceBackend.EndToEnd.Tests.Elasticsearch;

/// <summary>
/// A cluster that refuses writes makes OTLP/HTTP answer a retryable status (503 or 429 with <c>Retry-After</c>),
/// never 200 for spans that were not stored; once the cluster accepts writes again the client's retry of the same
/// request is acknowledged and the spans are readable: nothing acknowledged is lost.
/// </summary>
public sealed class ElasticsearchOutageTests
{
    /// <summary>The store's default retry budget (5 attempts, ≈1.5 s of backoff) bounds each refused export.</summary>
    private static readonly TimeSpan s_refusalBound = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(BulkOutage.Unavailable)]
    [InlineData(BulkOutage.ItemsRejected)]
    public async Task Refused_bulk_gives_a_retryable_answer_and_the_retry_is_stored(BulkOutage outage)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await using var backend = await ElasticsearchBackend.StartAsync("--dependencies-job", "false").WaitAsync(timeout.Token);
        using var otlp = new HttpClient { BaseAddress = backend.OtlpHttpBase, Timeout = TimeSpan.FromSeconds(30) };
        var service = $"outage-{outage}-{Guid.NewGuid():N}".ToLowerInvariant()[..24];
        var request = OtlpJsonTrace.Create(service, DateTimeOffset.UtcNow.AddSeconds(-1));
        var traceId = request.TraceId;

        backend.Outage = outage;
        var bulksBefore = backend.ClusterRequests.Count(r => r.Path == "/_bulk");
        var stopwatch = Stopwatch.StartNew();
        using (var refused = await request.PostAsync(otlp, timeout.Token))
        {
            var text = await refused.Content.ReadAsStringAsync(timeout.Token);
            Assert.True(refused.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests,
                $"expected 503 or 429 while the cluster refuses writes, got {(int)refused.StatusCode}: {text}");
            Assert.True(refused.Headers.RetryAfter?.Delta is { } delay && delay >= TimeSpan.Zero, "no Retry-After on the refusal");
        }

        Assert.True(stopwatch.Elapsed < s_refusalBound, $"the refusal took {stopwatch.Elapsed}");
        // The store did try (and retried) before giving up, and nothing reached the index.
        Assert.True(backend.ClusterRequests.Count(r => r.Path == "/_bulk") - bulksBefore >= 2, "the store did not retry the refused bulk request");
        using (var missing = await backend.Query.GetAsync($"api/traces/{traceId}", timeout.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        backend.Outage = BulkOutage.None;
        using (var accepted = await request.PostAsync(otlp, timeout.Token))
        {
            var text = await accepted.Content.ReadAsStringAsync(timeout.Token);
            Assert.True(accepted.StatusCode == HttpStatusCode.OK, $"the retry after the outage got {(int)accepted.StatusCode}: {text}");
        }

        // Acknowledged means stored: readable at once (the emulated cluster has no refresh delay).
        var document = await JaegerJson.GetAsync(backend.Query, $"api/traces/{traceId}").WaitAsync(timeout.Token);
        var trace = Assert.Single(document.GetProperty("data").EnumerateArray());
        JaegerJson.AssertWellFormedTrace(trace);
        Assert.Equal(["charge card", "checkout"], trace.GetProperty("spans").EnumerateArray()
            .Select(s => s.GetProperty("operationName").GetString()).Order(StringComparer.Ordinal));
        var charge = JaegerJson.SpanByName(trace, "charge card");
        Assert.Equal("CHILD_OF", Assert.Single(charge.GetProperty("references").EnumerateArray()).GetProperty("refType").GetString());
        var services = await JaegerJson.GetAsync(backend.Query, "api/services").WaitAsync(timeout.Token);
        Assert.Contains(service, services.GetProperty("data").EnumerateArray().Select(s => s.GetString()));
    }
}
