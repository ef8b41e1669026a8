using System.Diagnostics;
using System.Net;
using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.EndToEnd.Tests.Cassandra;

/// <summary>
/// A node that answers every write with a transient server error (spec §9: Unavailable for <c>traces</c>, Overloaded
/// for the index tables) makes OTLP/HTTP answer 503 or 429 with <c>Retry-After</c>, never 200, once the store's retry
/// budget (10 s by default; the host has no flag for it) is spent; when the node recovers, the client's retry of the
/// same request is acknowledged and its rows are stored: nothing acknowledged is lost.
/// </summary>
public sealed class CassandraOutageTests
{
    private const string Keyspace = "tb_e2e_outage";

    /// <summary>The default retry budget (10 s) plus the last backoff's jitter and the request itself.</summary>
    private static readonly TimeSpan s_refusalBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Transient_write_errors_give_a_retryable_answer_and_the_retry_is_stored()
    {
        using var cts = TestTimeout.Start(25);
        await using var backend = await CassandraBackend.StartAsync(Keyspace, cts.Token);
        using var otlp = new HttpClient { BaseAddress = backend.OtlpHttpBase, Timeout = TimeSpan.FromSeconds(20) };
        var trace = OtlpJsonTrace.Create("outage-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow.AddSeconds(-1));
        var traceId = Convert.FromHexString(trace.TraceId);

        backend.WriteError = statement => statement.Name == "insert_span"
            // Unavailable: <cl>LOCAL_ONE <required>1 <alive>0.
            ? Responses.ErrorBody(0x1000, "Cannot achieve consistency level LOCAL_ONE", w => w.Short(0x000A).Int(1).Int(0))
            : Responses.ErrorBody(0x1001, "Server is in overloaded state");
        var clock = Stopwatch.StartNew();
        using (var refused = await trace.PostAsync(otlp, cts.Token))
        {
            var text = await refused.Content.ReadAsStringAsync(cts.Token);
            Assert.True(refused.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests,
                $"expected 503 or 429 while the node refuses writes, got {(int)refused.StatusCode}: {text}");
            Assert.True(refused.Headers.RetryAfter?.Delta is { } delay && delay >= TimeSpan.Zero, "no Retry-After on the refusal");
        }

        Assert.True(clock.Elapsed < s_refusalBound, $"the refusal took {clock.Elapsed}");
        var attempts = backend.Writes().Where(w => w.Statement == "insert_span").ToList();
        Assert.True(attempts.Count >= 2, $"the store sent the span INSERT {attempts.Count} time(s) before giving up; transient errors are retried");
        Assert.All(attempts, w => Assert.True(w.Refused));
        Assert.DoesNotContain(backend.Writes(), w => !w.Refused);

        backend.WriteError = null;
        using (var accepted = await trace.PostAsync(otlp, cts.Token))
        {
            var text = await accepted.Content.ReadAsStringAsync(cts.Token);
            Assert.True(accepted.StatusCode == HttpStatusCode.OK, $"the retry after the outage got {(int)accepted.StatusCode}: {text}");
        }

        // Acknowledged means stored: both spans' rows and their service's rows were answered Void.
        var spans = backend.Stored("insert_span").Where(row => ((byte[])row[0]!).AsSpan().SequenceEqual(traceId)).ToList();
        Assert.Equal([OtlpJsonTrace.ChildOperation, OtlpJsonTrace.RootOperation], spans.Select(row => (string)row[4]!).Order(StringComparer.Ordinal));
        Assert.Contains(backend.Stored("insert_service_name"), row => (string)row[0]! == trace.Service);
        Assert.Contains(backend.Stored("insert_operation_name"), row => (string)row[0]! == trace.Service && (string)row[2]! == OtlpJsonTrace.RootOperation);
        Assert.Equal(2, backend.Stored("insert_service_name_index").Count(row => ((byte[])row[3]!).AsSpan().SequenceEqual(traceId)));
        Assert.Equal(4, backend.Stored("insert_duration_index").Count(row => ((byte[])row[5]!).AsSpan().SequenceEqual(traceId)));
        Assert.Empty(backend.Server.HandlerErrors);
    }
}
