using TraceBackend.Otlp;

namespace TraceBackend.Collector.Tests;

public sealed class CollectorMetricsTests
{
    [Fact]
    public void WritesPrometheusTextFormat()
    {
        var metrics = new CollectorMetrics();
        metrics.AddAccepted(CollectorTransport.Grpc, 5);
        metrics.AddAccepted(CollectorTransport.Http, 2);
        metrics.AddAccepted(CollectorTransport.Http, 1);
        metrics.AddRejected(CollectorTransport.Http, RejectReason.InvalidSpanId, 4);
        metrics.AddRefused(CollectorTransport.Grpc, RefuseReason.QueueFull, 7);
        metrics.AddRefused(CollectorTransport.Http, RefuseReason.TooLarge, 0);
        metrics.AddWritten(8);
        metrics.AddWriteFailure();
        metrics.SetQueue(12, 50_000);

        var text = metrics.ToPrometheusText();
        var lines = text.Split('\n');

        Assert.EndsWith("\n", text);
        Assert.Contains("# TYPE tracebackend_receiver_accepted_spans_total counter", lines);
        Assert.Contains("tracebackend_receiver_accepted_spans_total{transport=\"grpc\"} 5", lines);
        Assert.Contains("tracebackend_receiver_accepted_spans_total{transport=\"http\"} 3", lines);
        Assert.Contains("tracebackend_receiver_rejected_spans_total{transport=\"http\",reason=\"invalid_span_id\"} 4", lines);
        Assert.Contains("tracebackend_receiver_rejected_spans_total{transport=\"grpc\",reason=\"invalid_trace_id\"} 0", lines);
        Assert.Contains("tracebackend_receiver_refused_spans_total{transport=\"grpc\",reason=\"queue_full\"} 7", lines);
        Assert.Contains("tracebackend_receiver_refused_requests_total{transport=\"grpc\",reason=\"queue_full\"} 1", lines);
        Assert.Contains("tracebackend_receiver_refused_requests_total{transport=\"http\",reason=\"too_large\"} 1", lines);
        Assert.Contains("tracebackend_storage_written_spans_total 8", lines);
        Assert.Contains("tracebackend_storage_write_batches_total 1", lines);
        Assert.Contains("tracebackend_storage_write_failures_total 1", lines);
        Assert.Contains("# TYPE tracebackend_ingest_queue_spans gauge", lines);
        Assert.Contains("tracebackend_ingest_queue_spans 12", lines);
        Assert.Contains("tracebackend_ingest_queue_capacity_spans 50000", lines);

        // Every sample line belongs to a family announced just before by # HELP and # TYPE.
        string? family = null;
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                family = line.Split(' ')[2];
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                Assert.Equal(family, line.Split(' ')[2]);
                continue;
            }

            Assert.NotNull(family);
            Assert.Matches($"^{family}(\\{{[a-z_]+=\"[a-z_]+\"(,[a-z_]+=\"[a-z_]+\")*\\}})? [0-9]+$", line);
        }
    }

    [Fact]
    public async Task CountsAreThreadSafe()
    {
        var metrics = new CollectorMetrics();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                metrics.AddAccepted(CollectorTransport.Http, 1);
            }
        })));

        Assert.Equal(80_000, metrics.Accepted(CollectorTransport.Http));
    }
}
