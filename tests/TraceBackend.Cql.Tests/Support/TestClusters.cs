namespace TraceBackend.Cql.Tests.Support;

/// <summary>
/// Cluster options for loopback tests: one connection per host, short backoff, and timeouts with headroom for a loaded
/// 2-core machine (tests of timeouts set their own short values).
/// </summary>
internal static class TestClusters
{
    public static CqlClusterOptions Options(params FakeCqlServer[] servers) => new()
    {
        ContactPoints = servers.Select(s => s.Address).ToArray(),
        ConnectionsPerHost = 1,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        RequestTimeout = TimeSpan.FromSeconds(5),
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
    };

    public static Task<CqlCluster> ConnectAsync(FakeCqlServer server, CancellationToken ct) =>
        CqlCluster.ConnectAsync(Options(server), ct);
}
