using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Connection;

/// <summary>TLS via SslStream: CA file, server name and skip-verify.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task A_server_certificate_signed_by_the_configured_ca_is_accepted()
    {
        using var cts = TestTimeout.Start();
        using var certificates = new TestCertificates();
        await using var server = new FakeCqlServer(certificates.Server);
        var options = TestClusters.Options(server) with { UseTls = true, TlsCaFile = certificates.CaFile, TlsServerName = "localhost" };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);

        Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync("SELECT 1", ct: cts.Token)).Kind);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_rejected()
    {
        using var cts = TestTimeout.Start();
        using var certificates = new TestCertificates();
        await using var server = new FakeCqlServer(certificates.Server);
        var options = TestClusters.Options(server) with { UseTls = true, TlsServerName = "localhost" };

        var error = await Assert.ThrowsAsync<CqlConnectionException>(() => CqlCluster.ConnectAsync(options, cts.Token));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.HostErrors[server.Address]);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_rejected_even_with_the_ca()
    {
        using var cts = TestTimeout.Start();
        using var certificates = new TestCertificates();
        await using var server = new FakeCqlServer(certificates.Server);
        var options = TestClusters.Options(server) with { UseTls = true, TlsCaFile = certificates.CaFile, TlsServerName = "cassandra.example" };

        await Assert.ThrowsAsync<CqlConnectionException>(() => CqlCluster.ConnectAsync(options, cts.Token));
    }

    [Fact]
    public async Task Skip_verify_accepts_any_certificate()
    {
        using var cts = TestTimeout.Start();
        using var certificates = new TestCertificates();
        await using var server = new FakeCqlServer(certificates.Server);
        var options = TestClusters.Options(server) with { UseTls = true, TlsSkipVerify = true, TlsServerName = "cassandra.example" };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);

        Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync("SELECT 1", ct: cts.Token)).Kind);
    }
}
