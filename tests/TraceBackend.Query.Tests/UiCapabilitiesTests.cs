using TraceBackend.Storage;

namespace TraceBackend.Query.Tests;

public sealed class UiCapabilitiesTests
{
    [Fact]
    public void Capability_json_is_exact()
    {
        Assert.Equal("{\"archiveStorage\":false,\"metricsStorage\":false}", UiCapabilities.StorageCapabilitiesJson());
        Assert.Equal(
            "{\"archiveStorage\":false,\"metricsStorage\":false,\"searchWithoutServiceName\":true,\"aiAssistant\":false}",
            UiCapabilities.BackendCapabilitiesJson(new StorageCapabilities()));
        Assert.Equal(
            "{\"archiveStorage\":false,\"metricsStorage\":false,\"searchWithoutServiceName\":false,\"aiAssistant\":false}",
            UiCapabilities.BackendCapabilitiesJson(new StorageCapabilities { SearchWithoutServiceName = false }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/jaeger")]
    [InlineData("/jaeger/ui")]
    public void Valid_base_paths(string basePath)
    {
        new QueryOptions { BasePath = basePath }.Validate();
    }

    [Theory]
    [InlineData("jaeger")]
    [InlineData("/jaeger/")]
    [InlineData("//")]
    public void Invalid_base_paths(string basePath)
    {
        Assert.Throws<ArgumentException>(() => new QueryOptions { BasePath = basePath }.Validate());
    }
}
