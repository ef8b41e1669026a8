using System.Diagnostics;
using TraceBackend.Cql;
using TraceBackend.Cql.Tests.Support;
using TraceBackend.Model;
using static TraceBackend.Storage.Cassandra.Tests.Support.CodecFixtures;

namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>
/// Server errors (spec §9) as the store meets them through the client: transient ones are retried within the retry
/// budget, a cluster that stays unavailable fails the write (the collector then pushes back with 429), and a missing
/// keyspace fails the connection with the command that creates it.
/// </summary>
public sealed class WireErrorTests
{
    private static readonly CassandraStoreOptions s_fastRetries = new()
    {
        RetryInitialDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
    };

    [Fact]
    public async Task A_write_timeout_is_retried_and_the_write_succeeds()
    {
        using var cts = TestTimeout.Start();
        await using var fake = await FakeCassandra.StartAsync(cts.Token, s_fastRetries);
        var failures = 0;
        fake.OnRequest = async (statement, request) =>
        {
            if (statement.Name != "insert_span" || Interlocked.Increment(ref failures) > 1)
            {
                return false;
            }

            // Write_timeout: <cl>LOCAL_ONE <received>0 <blockfor>1 <writeType>SIMPLE.
            await request.ReplyAsync(Responses.Error, Responses.ErrorBody(0x1100, "Operation timed out - received only 0 responses.", w => w.Short(0x000A).Int(0).Int(1).String("SIMPLE")));
            return true;
        };

        await fake.Store.WriteAsync([Simple(TraceA, 1, "api", "op", Start, 1000)], cts.Token);

        var attempts = fake.Executes("insert_span");
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts[0].Body, attempts[1].Body); // the same idempotent INSERT, sent again
        Assert.Single(fake.Executes("insert_service_name"));
        Assert.Empty(fake.Server.HandlerErrors);
    }

    [Fact]
    public async Task Unavailable_beyond_the_retry_budget_fails_the_write_and_the_store_recovers_after()
    {
        using var cts = TestTimeout.Start();
        await using var fake = await FakeCassandra.StartAsync(cts.Token, s_fastRetries with { RetryBudget = TimeSpan.FromMilliseconds(300) });
        fake.OnRequest = async (_, request) =>
        {
            // Unavailable: <cl>LOCAL_ONE <required>1 <alive>0.
            await request.ReplyAsync(Responses.Error, Responses.ErrorBody(0x1000, "Cannot achieve consistency level LOCAL_ONE", w => w.Short(0x000A).Int(1).Int(0)));
            return true;
        };
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CqlUnavailableException>(async () => await fake.Store.WriteAsync([Simple(TraceA, 1, "api", "op", Start, 1000)], cts.Token));

        Assert.Equal((CqlConsistency.LocalOne, 1, 0), (error.Consistency, error.Required, error.Alive));
        Assert.True(fake.Executes("insert_span").Count >= 2, "the INSERT was retried before giving up");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"gave up after {clock.Elapsed}, budget 300 ms");

        fake.OnRequest = null;
        await fake.Store.WriteAsync([Simple(TraceA, 2, "api", "op", Start, 1000)], cts.Token);
        Assert.Contains(fake.Writes(), w => w.Statement == "insert_span" && (long)w.Values[1]! == 2);
    }

    [Fact]
    public async Task A_node_that_forgot_its_prepared_statements_is_invisible_to_the_store()
    {
        using var cts = TestTimeout.Start();
        await using var fake = await FakeCassandra.StartAsync(cts.Token);
        await fake.Store.WriteAsync([Simple(TraceA, 1, "api", "op", Start, 1000)], cts.Token);
        var prepares = fake.Prepared.Count;

        fake.Server.PreparedIds.Clear(); // as after a node restart
        await fake.Store.WriteAsync([Simple(OtherTrace, 2, "api", "op", Start, 1000)], cts.Token);

        Assert.Contains(fake.Writes(), w => w.Statement == "insert_span" && (long)w.Values[1]! == 2);
        Assert.True(fake.Prepared.Count > prepares, "statements were prepared again after Unprepared");
        Assert.Empty(fake.Server.HandlerErrors);
    }

    [Fact]
    public async Task A_missing_keyspace_fails_the_connection_naming_the_schema_command()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { Keyspaces = ["some_other_keyspace"] };

        var error = await Assert.ThrowsAsync<CqlKeyspaceNotFoundException>(() => CqlCluster.ConnectAsync(FakeCassandra.ClusterOptions(server), cts.Token));

        Assert.Equal(FakeCassandra.Keyspace, error.Keyspace);
        Assert.Contains($"keyspace '{FakeCassandra.Keyspace}' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("`tracebackend cassandra-schema`", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
        Assert.Contains(server.RequestsWith(FakeRequest.Query), q => q.Cql == $"USE \"{FakeCassandra.Keyspace}\"");
    }
}
