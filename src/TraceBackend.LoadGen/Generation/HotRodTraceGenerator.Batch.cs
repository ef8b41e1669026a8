using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace TraceBackend.LoadGen.Generation;

/// <summary>
/// Large traces: a batch dispatch whose frontend root fans out into internal "dispatch" jobs (each a full
/// dispatch body), <see cref="BatchWorkers"/> at a time, until the trace holds between
/// <see cref="HotRodGeneratorOptions.LargeTraceMinSpans"/> and twice that many spans (plus one job's worth).
/// </summary>
public sealed partial class HotRodTraceGenerator
{
    private const int BatchWorkers = 8;

    private long BatchDispatch(TraceBuilder b)
    {
        var frontend = Topology.Pick(_random, HotRodTopology.Frontend);
        var root = b.Start("HTTP POST /dispatch/batch", SpanKind.Server, parent: null);
        var batchId = $"batch-{_random.Next(100000, 1000000)}";
        var minSpans = _options.LargeTraceMinSpans;
        var target = minSpans + _random.Next(0, minSpans + 1);
        b.Event(root, Micros(30, 120), "Batch received", Attr.Str("level", "info"), Attr.Str("batch.id", batchId));

        Span<long> lanes = stackalloc long[BatchWorkers];
        lanes.Fill(Micros(150, 400));
        var jobs = 0;
        var failedJobs = 0;

        // +1: the root is finished last.
        while (b.SpanCount + 1 < target)
        {
            var lane = 0;
            for (var i = 1; i < lanes.Length; i++)
            {
                if (lanes[i] < lanes[lane])
                {
                    lane = i;
                }
            }

            var start = lanes[lane] + Micros(50, 300);
            var customer = _random.Pick(HotRodCustomer.All);
            var job = b.Start("dispatch", SpanKind.Internal, root);
            b.Event(job, start + Micros(5, 20), "Dispatching", Attr.Str("level", "info"), Attr.Int("customer_id", customer.Id));
            var end = DispatchBody(b, frontend, job, start + Micros(20, 80), customer, out var failed);
            if (failed)
            {
                failedJobs++;
                b.Fail(job, end, "*errors.errorString", "failed to find customer");
            }

            job.Attributes.Add(Attr.Str("code.function", "dispatchOne"));
            job.Attributes.Add(Attr.Str("code.namespace", "github.com/jaegertracing/jaeger/examples/hotrod/services/frontend"));
            job.Attributes.Add(Attr.Int("customer_id", customer.Id));
            job.Attributes.Add(Attr.Str("batch.id", batchId));
            job.Attributes.Add(Attr.Int("job.index", jobs));
            job.Attributes.Add(Attr.Int("worker.id", lane));
            job.Attributes.Add(Attr.Bool("job.retry", false));
            job.Attributes.Add(Attr.StrArray("job.tags", "batch", customer.Location));
            b.Finish(frontend, job, start, end);
            lanes[lane] = end;
            jobs++;
        }

        var rootEnd = 0L;
        foreach (var laneEnd in lanes)
        {
            rootEnd = Math.Max(rootEnd, laneEnd);
        }

        rootEnd += Micros(100, 500);
        b.Event(root, rootEnd - Micros(20, 80), "Batch complete", Attr.Str("level", "info"), Attr.Int("jobs", jobs), Attr.Int("failed_jobs", failedJobs));
        AddHttpServerAttributes(root, frontend, "POST", "/dispatch/batch", $"batch={batchId}", 200, $"172.17.0.{_random.Next(2, 250)}", GoHttpAgent);
        root.Attributes.Add(Attr.Str("batch.id", batchId));
        root.Attributes.Add(Attr.Int("batch.size", jobs));
        b.Finish(frontend, root, 0, rootEnd);
        return rootEnd;
    }
}
