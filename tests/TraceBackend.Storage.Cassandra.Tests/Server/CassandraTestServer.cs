using TraceBackend.Cql;

namespace TraceBackend.Storage.Cassandra.Tests.Server;

/// <summary>
/// The optional real Cassandra of the Server/ tests, named by <see cref="EnvironmentVariable"/> as <c>host:port</c>
/// (e.g. <c>127.0.0.1:9042</c> of a local Cassandra 4.x/5.x, such as the docker-compose one). Without it every such
/// test skips with <see cref="SkipReason"/>.
/// </summary>
internal static class CassandraTestServer
{
    public const string EnvironmentVariable = "TRACEBACKEND_TEST_CASSANDRA";

    public const string SkipReason = "TRACEBACKEND_TEST_CASSANDRA not set (host:port of a Cassandra 4.x/5.x to run the conformance suite against)";

    /// <summary>Cassandra allows 48 characters in a keyspace name.</summary>
    private const int MaxKeyspaceLength = 48;

    /// <summary>The configured <c>host:port</c>, or null.</summary>
    public static string? Address => Environment.GetEnvironmentVariable(EnvironmentVariable) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Skips the running test (as skipped, not failed) when no server is configured.</summary>
    public static void SkipUnlessConfigured()
    {
        if (Address is null)
        {
            Assert.Skip(SkipReason);
        }
    }

    /// <summary>A keyspace name no earlier run used: the prefix, an underscore and 12 random hex digits.</summary>
    public static string UniqueKeyspace(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        return name.Length <= MaxKeyspaceLength ? name : throw new ArgumentException($"keyspace prefix too long: {prefix}", nameof(prefix));
    }

    /// <summary>
    /// A cluster on the configured server, without a keyspace (statements name it). Timeouts leave room for DDL and
    /// TRUNCATE on a busy single node.
    /// </summary>
    public static Task<CqlCluster> ConnectAsync(CancellationToken ct) => CqlCluster.ConnectAsync(
        new CqlClusterOptions
        {
            ContactPoints = [Address ?? throw new InvalidOperationException(SkipReason)],
            ConnectTimeout = TimeSpan.FromSeconds(10),
            RequestTimeout = TimeSpan.FromSeconds(30),
        },
        ct);
}
