using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Templates;
using TraceBackend.Storage.Elasticsearch.Tests.Indices;

namespace TraceBackend.Storage.Elasticsearch.Tests.Templates;

public sealed class IndexTemplateInstallerTests
{
    [Fact]
    public async Task PutsThreeTemplates_InOrder()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Acknowledged());

        var installed = await IndexTemplateInstaller.EnsureTemplatesAsync(transport, TestServers.Es8, new ElasticsearchOptions { IndexPrefix = "x" },
            TestContext.Current.CancellationToken);

        Assert.Equal(
            ["PUT /_index_template/x-jaeger-span", "PUT /_index_template/x-jaeger-service", "PUT /_index_template/x-jaeger-dependencies"],
            transport.Lines);
        Assert.All(transport.Requests, request => Assert.Equal("application/json", request.ContentType));
        Assert.Equal(installed.Select(t => t.BodyText), transport.Requests.Select(r => r.Body));
        Assert.Equal("x-jaeger-span-*", (string?)transport.Requests[0].Json["index_patterns"]);
    }

    [Fact]
    public async Task Es6_UsesLegacyEndpoint()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Acknowledged());

        await IndexTemplateInstaller.EnsureTemplatesAsync(transport, TestServers.Es6, new ElasticsearchOptions(), TestContext.Current.CancellationToken);

        Assert.Equal(["PUT /_template/jaeger-span", "PUT /_template/jaeger-service", "PUT /_template/jaeger-dependencies"], transport.Lines);
    }

    [Fact]
    public async Task ErrorAnswer_ThrowsWithTemplateNameAndReason_AndStops()
    {
        var transport = new ScriptedTransport(request => request.Path.EndsWith("jaeger-service", StringComparison.Ordinal)
            ? ScriptedTransport.Error(400, "illegal_argument_exception", "unknown setting [index.mapper.dynamic]")
            : ScriptedTransport.Acknowledged());

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            IndexTemplateInstaller.EnsureTemplatesAsync(transport, TestServers.Es8, new ElasticsearchOptions(), TestContext.Current.CancellationToken));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("'jaeger-service'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PUT /_index_template/jaeger-service", error.Message, StringComparison.Ordinal);
        Assert.Contains("illegal_argument_exception: unknown setting [index.mapper.dynamic]", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, transport.Requests.Count);
    }

    [Fact]
    public async Task NonJsonError_KeepsRawBody()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(403, "<html>Forbidden by proxy</html>"));

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            IndexTemplateInstaller.EnsureTemplatesAsync(transport, TestServers.Os2, new ElasticsearchOptions(), TestContext.Current.CancellationToken));

        Assert.Equal(403, error.StatusCode);
        Assert.Contains("HTTP 403 <html>Forbidden by proxy</html>", error.Message, StringComparison.Ordinal);
    }
}
