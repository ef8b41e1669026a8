using TraceBackend.Cql.Internal.Connections;
using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Connection;

/// <summary>Options validation, contact point parsing and disposal.</summary>
public sealed class ClusterLifecycleTests
{
    [Theory]
    [InlineData("cassandra", "cassandra", 9042)]
    [InlineData("cassandra:19042", "cassandra", 19042)]
    [InlineData("10.0.0.7:9043", "10.0.0.7", 9043)]
    [InlineData("[::1]:9044", "::1", 9044)]
    [InlineData("[fe80::1]", "fe80::1", 9042)]
    [InlineData("fe80::1", "fe80::1", 9042)]
    public void Contact_points_parse_host_and_port(string contactPoint, string host, int port)
    {
        Assert.Equal(new CqlEndpoint(host, port), CqlEndpoint.Parse(contactPoint, 9042));
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("host:abc")]
    [InlineData("[::1")]
    public void Malformed_contact_points_are_rejected(string contactPoint)
    {
        Assert.Throws<ArgumentException>(() => CqlEndpoint.Parse(contactPoint, 9042));
    }

    [Fact]
    public void Endpoint_names_bracket_ipv6()
    {
        Assert.Equal("[::1]:9042", new CqlEndpoint("::1", 9042).Name);
        Assert.Equal("db:9042", new CqlEndpoint("db", 9042).Name);
    }

    [Fact]
    public async Task Invalid_options_are_rejected_before_connecting()
    {
        using var cts = TestTimeout.Start();

        await Assert.ThrowsAsync<ArgumentException>(() => CqlCluster.ConnectAsync(new CqlClusterOptions(), cts.Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => CqlCluster.ConnectAsync(new CqlClusterOptions { ContactPoints = ["a"], ConnectionsPerHost = 0 }, cts.Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => CqlCluster.ConnectAsync(new CqlClusterOptions { ContactPoints = ["a"], RequestTimeout = TimeSpan.Zero }, cts.Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => CqlCluster.ConnectAsync(new CqlClusterOptions { ContactPoints = ["a"], SerialConsistency = CqlConsistency.One }, cts.Token));
    }

    [Fact]
    public void Defaults_match_the_documented_values()
    {
        var options = new CqlClusterOptions();

        Assert.Equal(
            (9042, 2, 5.0, 12.0, 1.0, 60.0, CqlConsistency.LocalOne, CqlCompression.None),
            (options.Port, options.ConnectionsPerHost, options.ConnectTimeout.TotalSeconds, options.RequestTimeout.TotalSeconds,
                options.ReconnectBaseDelay.TotalSeconds, options.ReconnectMaxDelay.TotalSeconds, options.Consistency, options.Compression));
        Assert.Equal(5000, CqlQueryOptions.Default.PageSize);
        Assert.Equal(0x000A, (int)CqlConsistency.LocalOne);
        Assert.Equal(0x0006, (int)CqlConsistency.LocalQuorum);
    }

    [Fact]
    public async Task Duplicate_contact_points_make_one_host()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        await using var cluster = await CqlCluster.ConnectAsync(TestClusters.Options(server) with { ContactPoints = [server.Address, server.Address] }, cts.Token);

        Assert.Single(cluster.Hosts);
    }

    [Fact]
    public async Task A_disposed_cluster_refuses_requests_and_closes_its_connections()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var connection = cluster.Hosts[0].Connections[0];

        await cluster.DisposeAsync();
        await cluster.DisposeAsync();

        Assert.False(connection.IsOpen);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => cluster.QueryAsync("SELECT 1", ct: cts.Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => cluster.PrepareAsync("SELECT 1", cts.Token));
    }
}
