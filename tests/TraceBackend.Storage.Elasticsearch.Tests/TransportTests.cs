using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Tests.Support;

namespace TraceBackend.Storage.Elasticsearch.Tests;

/// <summary><see cref="ElasticsearchHttpTransport"/>: authentication, node rotation, retries, timeouts and TLS.</summary>
public sealed class TransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string?, string?, string?, string?, string?> Credentials => new()
    {
        { "jaeger", "s3cret", null, null, "Basic amFlZ2VyOnMzY3JldA==" },
        { null, null, "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", null, "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==" },
        { null, null, null, "eyJhbGciOi.token", "Bearer eyJhbGciOi.token" },
        { "ignored", "x", "key", "token", "ApiKey key" },
        { null, null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task Requests_carry_the_configured_authorization(string? user, string? password, string? apiKey, string? token, string? expected)
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Json("{}"));
        var options = TestStores.Options(fake) with { Username = user, Password = password, ApiKey = apiKey, BearerToken = token };
        using var transport = TestStores.Transport(options);

        await transport.SendAsync(HttpMethod.Get, "/_cluster/health", cancellationToken: Ct);

        Assert.Equal(expected, Assert.Single(fake.Requests).Authorization);
    }

    [Fact]
    public async Task Requests_rotate_over_the_nodes_and_keep_path_and_body()
    {
        await using var first = await FakeElasticsearch.StartAsync(_ => FakeResponse.Json("""{"node":1}"""));
        await using var second = await FakeElasticsearch.StartAsync(_ => FakeResponse.Json("""{"node":2}"""));
        using var transport = TestStores.Transport(TestStores.Options(first) with { ServerUrls = [first.Url, second.Url] });

        for (var i = 0; i < 4; i++)
        {
            var response = await transport.SendAsync(HttpMethod.Post, "/idx/_search?ignore_unavailable=true", """{"size":0}"""u8.ToArray(), cancellationToken: Ct);
            Assert.Equal(200, response.StatusCode);
        }

        Assert.Equal(2, first.Requests.Count);
        Assert.Equal(2, second.Requests.Count);
        var request = first.Requests[0];
        Assert.Equal(("POST", "/idx/_search", "?ignore_unavailable=true", """{"size":0}"""), (request.Method, request.Path, request.Query, request.BodyText));
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_that_refuses_connections_is_skipped_on_retry()
    {
        await using var live = await FakeElasticsearch.StartAsync(_ => FakeResponse.Json("{}"));
        var dead = new Uri($"http://127.0.0.1:{UnusedPort()}");
        using var transport = TestStores.Transport(TestStores.Options(live) with { ServerUrls = [dead, live.Url] });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await transport.SendAsync(HttpMethod.Get, "/", cancellationToken: Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task A_whole_request_429_is_retried_until_it_succeeds()
    {
        var calls = 0;
        await using var fake = await FakeElasticsearch.StartAsync(_ => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Error(429, "es_rejected_execution_exception", "rejected execution of coordinating operation")
            : FakeResponse.Json("""{"ok":true}"""));
        using var transport = TestStores.Transport(TestStores.Options(fake));

        var response = await transport.SendAsync(HttpMethod.Post, "/_bulk", "{}\n"u8.ToArray(), "application/x-ndjson", Ct);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.Equal("{}\n", r.BodyText));
        Assert.StartsWith("application/x-ndjson", fake.Requests[1].ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_answering_503_makes_the_call_give_up_in_bounded_time()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Error(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/2/no master]"));
        using var transport = TestStores.Transport(TestStores.Options(fake));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ElasticsearchUnavailableException>(async () => await transport.SendAsync(HttpMethod.Get, "/", cancellationToken: Ct));

        Assert.Equal(TestStores.FastRetry.MaxAttempts, fake.Requests.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Contains("no master", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_errors_and_500_are_returned_without_retry()
    {
        await using var fake = await FakeElasticsearch.StartAsync(r => r.Path == "/bad"
            ? FakeResponse.Error(400, "parsing_exception", "unknown query [foo]")
            : FakeResponse.Error(500, "null_pointer_exception", "boom"));
        using var transport = TestStores.Transport(TestStores.Options(fake));

        Assert.Equal(400, (await transport.SendAsync(HttpMethod.Post, "/bad", "{}"u8.ToArray(), cancellationToken: Ct)).StatusCode);
        Assert.Equal(500, (await transport.SendAsync(HttpMethod.Post, "/other", "{}"u8.ToArray(), cancellationToken: Ct)).StatusCode);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task A_node_that_does_not_answer_in_time_counts_as_unavailable()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ =>
        {
            Thread.Sleep(300);
            return FakeResponse.Json("{}");
        });
        var options = TestStores.Options(fake) with { RequestTimeout = TimeSpan.FromMilliseconds(50) };
        using var transport = new ElasticsearchHttpTransport(options, TestStores.FastRetry with { MaxAttempts = 2 }, null);

        var error = await Assert.ThrowsAsync<ElasticsearchUnavailableException>(async () => await transport.SendAsync(HttpMethod.Get, "/", cancellationToken: Ct));

        Assert.Contains("no answer within", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_certificate_signed_by_the_configured_ca_is_accepted()
    {
        using var certificates = TestCertificates.Create();
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Json("{}"), certificates.Server);
        var caFile = certificates.WriteAuthorityPem();
        try
        {
            using var transport = TestStores.Transport(TestStores.Options(fake) with { TlsCaFile = caFile });

            var response = await transport.SendAsync(HttpMethod.Get, "/", cancellationToken: Ct);

            Assert.Equal(200, response.StatusCode);
            Assert.Equal("https", fake.Url.Scheme);
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    [Fact]
    public async Task A_server_certificate_of_another_ca_is_refused_unless_verification_is_skipped()
    {
        using var served = TestCertificates.Create();
        using var other = TestCertificates.Create("CN=Some Other CA");
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Json("{}"), served.Server);
        var caFile = other.WriteAuthorityPem();
        try
        {
            using var strict = new ElasticsearchHttpTransport(TestStores.Options(fake) with { TlsCaFile = caFile }, TestStores.FastRetry with { MaxAttempts = 1 }, null);
            await Assert.ThrowsAsync<ElasticsearchUnavailableException>(async () => await strict.SendAsync(HttpMethod.Get, "/", cancellationToken: Ct));

            using var lax = TestStores.Transport(TestStores.Options(fake) with { TlsSkipVerify = true });
            Assert.Equal(200, (await lax.SendAsync(HttpMethod.Get, "/", cancellationToken: Ct)).StatusCode);
            Assert.Single(fake.Requests); // the refused handshake never reached the application
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
