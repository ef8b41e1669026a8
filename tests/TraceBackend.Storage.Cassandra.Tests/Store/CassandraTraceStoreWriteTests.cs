using TraceBackend.Cql;
using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Cassandra.Tests.Support;
using static TraceBackend.Storage.Cassandra.Tests.Support.CodecFixtures;

namespace TraceBackend.Storage.Cassandra.Tests.Store;

public sealed class CassandraTraceStoreWriteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CassandraStoreOptions FastRetries => new()
    {
        RetryInitialDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
        RetryBudget = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Transient_failures_are_retried_until_the_write_succeeds()
    {
        var session = new RecordingSession { ExecuteFault = n => n <= 3 ? new TimeoutException("no reply") : null };
        await using var store = new CassandraTraceStore(session, FastRetries);
        var span = Simple(TraceA, 1, "api", "op", Start, 1000);

        await store.WriteAsync([span], Ct);

        var rows = SpanRowEncoder.Encode(span);
        Assert.Equal(8, session.ExecutedStatements.Count); // every row written once it got through
        Assert.Equal(11, session.ExecuteCalls);
        Assert.Contains(session.ExecutedStatements, s => s.Cql.Contains(".traces(", StringComparison.Ordinal) && (long)s.Values[2]! == rows.SpanHash);
    }

    [Fact]
    public async Task A_cluster_that_stays_down_fails_the_write_after_the_retry_budget()
    {
        var unavailable = new CqlUnavailableException("Cannot achieve consistency level LOCAL_ONE", "127.0.0.1:9042", CqlConsistency.LocalOne, 1, 0);
        var session = new RecordingSession { ExecuteFault = _ => unavailable };
        await using var store = new CassandraTraceStore(session, FastRetries with { RetryBudget = TimeSpan.FromMilliseconds(150) });
        var started = DateTime.UtcNow;

        var thrown = await Assert.ThrowsAnyAsync<Exception>(async () => await store.WriteAsync([Simple(TraceA, 1, "api", "op", Start, 1000)], Ct));

        Assert.Same(unavailable, thrown);
        Assert.True(session.ExecuteCalls > 8, $"only {session.ExecuteCalls} attempts");
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        Assert.Empty(session.ExecutedStatements);
    }

    [Fact]
    public async Task Permanent_failures_are_not_retried()
    {
        var invalid = new InvalidOperationException("syntax error");
        var session = new RecordingSession { ExecuteFault = _ => invalid };
        await using var store = new CassandraTraceStore(session, FastRetries with { MaxInFlightWrites = 1 });

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.WriteAsync([Simple(TraceA, 1, "api", "op", Start, 1000)], Ct));

        Assert.Same(invalid, thrown);
        Assert.Equal(1, session.ExecuteCalls);
    }

    [Fact]
    public void The_default_transient_check_accepts_retryable_client_errors_only()
    {
        Assert.True(CassandraStoreOptions.IsTransientByDefault(new CqlRequestTimeoutException("h:9042", TimeSpan.FromSeconds(1))));
        Assert.True(CassandraStoreOptions.IsTransientByDefault(new CqlServerException(CqlErrorCode.Overloaded, "busy", "h")));
        Assert.False(CassandraStoreOptions.IsTransientByDefault(new CqlServerException(CqlErrorCode.SyntaxError, "bad", "h")));
        Assert.True(CassandraStoreOptions.IsTransientByDefault(new TimeoutException()));
        Assert.True(CassandraStoreOptions.IsTransientByDefault(new IOException()));
        Assert.False(CassandraStoreOptions.IsTransientByDefault(new OperationCanceledException()));
        Assert.False(CassandraStoreOptions.IsTransientByDefault(new ArgumentException()));
    }

    [Fact]
    public async Task In_flight_requests_never_exceed_the_bound_across_concurrent_writes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var session = new RecordingSession { ExecuteGate = ct => release.Task.WaitAsync(ct) };
        await using var store = new CassandraTraceStore(session, new CassandraStoreOptions { MaxInFlightWrites = 3 });
        var writes = Enumerable.Range(0, 4)
            .Select(i => store.WriteAsync([Simple(new TraceId(0, (ulong)i + 1), 1, $"svc-{i}", "op", Start + (ulong)i, 1000)], Ct).AsTask())
            .ToList();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (session.InFlight < 3)
        {
            await Task.Delay(5, timeout.Token);
        }

        await Task.Delay(50, timeout.Token); // would let a fourth request start if the bound leaked
        Assert.Equal(3, session.InFlight);
        release.SetResult();
        await Task.WhenAll(writes).WaitAsync(timeout.Token);

        Assert.Equal(3, session.MaxInFlight);
        Assert.Equal(32, session.ExecutedStatements.Count);
    }

    [Fact]
    public async Task The_write_cache_skips_service_and_operation_rows_until_its_ttl_expires()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var tables = new InMemoryTraceTables();
        await using var store = new CassandraTraceStore(tables, new CassandraStoreOptions { WriteCacheTtl = TimeSpan.FromHours(12) }, timeProvider: time);

        await store.WriteAsync([Simple(TraceA, 1, "api", "op", Start, 1000), Simple(TraceA, 2, "api", "op", Start + 10, 1000)], Ct);
        await store.WriteAsync([Simple(TraceA, 3, "api", "op", Start + 20, 1000), Simple(TraceA, 4, "api", "other", Start + 30, 1000)], Ct);

        Assert.Equal(1, tables.Calls(nameof(InMemoryTraceTables.WriteServiceNameAsync)));
        Assert.Equal(2, tables.Calls(nameof(InMemoryTraceTables.WriteOperationNameAsync)));

        time.Advance(TimeSpan.FromHours(13));
        await store.WriteAsync([Simple(TraceA, 5, "api", "op", Start + 40, 1000)], Ct);

        Assert.Equal(2, tables.Calls(nameof(InMemoryTraceTables.WriteServiceNameAsync)));
        Assert.Equal(3, tables.Calls(nameof(InMemoryTraceTables.WriteOperationNameAsync)));
    }

    [Fact]
    public async Task A_failed_name_write_is_not_cached_and_is_retried_with_the_next_span()
    {
        var tables = new InMemoryTraceTables { Fault = op => op == nameof(InMemoryTraceTables.WriteServiceNameAsync) ? new InvalidOperationException("rejected") : null };
        await using var store = new CassandraTraceStore(tables, new CassandraStoreOptions());

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.WriteAsync([Simple(TraceA, 1, "api", "op", Start, 1000)], Ct));
        tables.Fault = null;
        await store.WriteAsync([Simple(TraceA, 2, "api", "op", Start + 10, 1000)], Ct);

        Assert.Equal(["api"], await store.GetServicesAsync(Ct));
        Assert.Equal(2, tables.Calls(nameof(InMemoryTraceTables.WriteServiceNameAsync)));
    }

    [Fact]
    public async Task Large_spans_of_one_trace_are_split_into_batches_under_the_size_limit_and_all_stored()
    {
        var tables = new InMemoryTraceTables();
        await using var store = new CassandraTraceStore(tables, new CassandraStoreOptions { MaxBatchBytes = 1024 * 1024 });
        var sql = new string('x', 100_000); // about 300 KB estimated per span (UTF-8 upper bound)
        var spans = Enumerable.Range(1, 10)
            .Select(i => Simple(TraceA, (ulong)i, "db", "query", Start + (ulong)i, 1000, SpanKind.Client, new KeyValue("db.statement", AttributeValue.String(sql + i))))
            .ToList();

        var traceRequests = store.PlanWrites(spans).Where(r => r.Table == "traces").ToList();
        await store.WriteAsync(spans, Ct);

        Assert.Equal(4, traceRequests.Count); // 3 + 3 + 3 + 1 spans: the fourth would pass 1 MiB
        var trace = Assert.Single(await store.GetTracesAsync([new TraceGetRequest(TraceA)], Ct));
        Assert.Equal(10, trace.Spans.Count);

        // Spans each larger than the limit go one per request; small spans still share one request.
        await using var strict = new CassandraTraceStore(new InMemoryTraceTables(), new CassandraStoreOptions { MaxBatchBytes = 100_000 });
        Assert.Equal(10, strict.PlanWrites(spans).Count(r => r.Table == "traces"));
        var small = Enumerable.Range(1, 10).Select(i => Simple(TraceA, (ulong)i, "db", "query", Start + (ulong)i, 1000)).ToList();
        Assert.Single(strict.PlanWrites(small), r => r.Table == "traces");
    }

    [Fact]
    public async Task Rewriting_a_span_overwrites_its_row_and_Jaeger_duplicates_read_once()
    {
        var tables = new InMemoryTraceTables();
        await using var store = new CassandraTraceStore(tables, new CassandraStoreOptions());
        var span = Rich();

        await store.WriteAsync([span], Ct);
        await store.WriteAsync([span], Ct);
        // The same span as Jaeger v2 writes it: span_hash 0, so a second row in the partition.
        await tables.WriteSpansAsync([SpanRowEncoder.Encode(span) with { SpanHash = 0 }], Ct);

        Assert.Equal(2, tables.TraceRowCount(TraceA));
        var trace = Assert.Single(await store.GetTracesAsync([new TraceGetRequest(TraceA)], Ct));
        Assert.Single(trace.Spans);
    }

    [Fact]
    public async Task Options_are_validated()
    {
        var tables = new InMemoryTraceTables();
        Assert.Throws<ArgumentException>(() => new CassandraTraceStore(tables, new CassandraStoreOptions { MaxInFlightWrites = 0 }));
        Assert.Throws<ArgumentException>(() => new CassandraTraceStore(tables, new CassandraStoreOptions { Keyspace = "a.b" }));
        Assert.Throws<ArgumentException>(() => new CassandraTraceStore(tables, new CassandraStoreOptions { IndexTagAllowList = ["a"], IndexTagDenyList = ["b"] }));
        Assert.Throws<ArgumentException>(() => new CassandraTraceStore(tables, new CassandraStoreOptions { RetryBudget = TimeSpan.FromSeconds(-1) }));
        var store = new CassandraTraceStore(tables, new CassandraStoreOptions());
        await store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.WriteAsync([Rich()], Ct));
    }
}
