namespace TraceBackend.Storage.Memory.Tests;

public class MemoryStoreOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new MemoryStoreOptions();
        options.Validate();
        Assert.Equal(100_000, options.MaxTraces);
        Assert.Equal(10_000, options.MaxOperationsPerService);
        using var store = new MemoryStore();
        Assert.Equal(100_000, store.MaxTraces);
        Assert.Equal(10_000, store.MaxOperationsPerService);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Max_traces_must_be_positive(int maxTraces)
    {
        var options = new MemoryStoreOptions { MaxTraces = maxTraces };

        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal("MaxTraces", e.ParamName);
        Assert.Contains("MemoryStoreOptions.MaxTraces must be greater than zero", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryStore(options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Max_operations_per_service_must_be_positive(int maxOperations)
    {
        var options = new MemoryStoreOptions { MaxOperationsPerService = maxOperations };

        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal("MaxOperationsPerService", e.ParamName);
        Assert.Contains("MemoryStoreOptions.MaxOperationsPerService must be greater than zero", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryStore(options));
    }

    [Fact]
    public void Capabilities_declare_search_without_service_and_no_durability()
    {
        using var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = 1 });

        Assert.True(store.Capabilities.SearchWithoutServiceName);
        Assert.False(store.Capabilities.Durable);
    }
}
