using System.Globalization;
using TraceBackend.Otlp;

namespace TraceBackend.Collector;

/// <summary>
/// Collector counters, thread-safe, named after the OpenTelemetry Collector's receiver/exporter metrics with
/// our prefix, and rendered in the Prometheus text exposition format 0.0.4 by <see cref="WritePrometheus"/>.
/// Spans are counted when their fate is known: accepted = stored and acknowledged; rejected = invalid spans
/// of a decodable request (partial success); refused = valid spans not stored because the whole request was
/// refused (queue full, shutting down, storage error). Requests refused before their spans could be
/// counted (too large, malformed, unsupported media type) appear only in the refused-requests counter.
/// </summary>
public sealed class CollectorMetrics
{
    private const int Transports = 7;
    private const int RefuseReasons = 6;
    private const int SpanCountedRefuseReasons = 3;

    private static readonly CollectorTransport[] s_transports = [CollectorTransport.Grpc, CollectorTransport.Http, CollectorTransport.Internal, CollectorTransport.JaegerGrpc, CollectorTransport.ZipkinHttp, CollectorTransport.JaegerThriftHttp, CollectorTransport.JaegerUdp];

    private readonly long[] _accepted = new long[Transports];
    private readonly long[] _rejected = new long[Transports * RejectReasonNames.Count];
    private readonly long[] _refusedSpans = new long[Transports * RefuseReasons];
    private readonly long[] _refusedRequests = new long[Transports * RefuseReasons];
    private long _written;
    private long _writeBatches;
    private long _writeFailures;
    private long _queueSpans;
    private long _queueCapacity;

    public void AddAccepted(CollectorTransport transport, long spans) => Interlocked.Add(ref _accepted[(int)transport], spans);

    public void AddRejected(CollectorTransport transport, RejectReason reason, long spans) =>
        Interlocked.Add(ref _rejected[((int)transport * RejectReasonNames.Count) + (int)reason], spans);

    /// <summary>Counts one refused request and, when known, its spans (0 when they could not be counted).</summary>
    public void AddRefused(CollectorTransport transport, RefuseReason reason, long spans)
    {
        var i = ((int)transport * RefuseReasons) + (int)reason;
        Interlocked.Increment(ref _refusedRequests[i]);
        Interlocked.Add(ref _refusedSpans[i], spans);
    }

    public void AddWritten(long spans)
    {
        Interlocked.Add(ref _written, spans);
        Interlocked.Increment(ref _writeBatches);
    }

    public void AddWriteFailure() => Interlocked.Increment(ref _writeFailures);

    public void SetQueue(long spans, long capacity)
    {
        Volatile.Write(ref _queueSpans, spans);
        Volatile.Write(ref _queueCapacity, capacity);
    }

    public long Accepted(CollectorTransport transport) => Volatile.Read(ref _accepted[(int)transport]);

    public long Rejected(CollectorTransport transport, RejectReason reason) =>
        Volatile.Read(ref _rejected[((int)transport * RejectReasonNames.Count) + (int)reason]);

    public long RefusedSpans(CollectorTransport transport, RefuseReason reason) =>
        Volatile.Read(ref _refusedSpans[((int)transport * RefuseReasons) + (int)reason]);

    public long RefusedRequests(CollectorTransport transport, RefuseReason reason) =>
        Volatile.Read(ref _refusedRequests[((int)transport * RefuseReasons) + (int)reason]);

    public long WrittenSpans => Volatile.Read(ref _written);

    public long WriteFailures => Volatile.Read(ref _writeFailures);

    public long QueueSpans => Volatile.Read(ref _queueSpans);

    public static string TransportLabel(CollectorTransport transport) => transport switch
    {
        CollectorTransport.Grpc => "grpc",
        CollectorTransport.Http => "http",
        CollectorTransport.JaegerGrpc => "jaeger_grpc",
        CollectorTransport.ZipkinHttp => "zipkin_http",
        CollectorTransport.JaegerThriftHttp => "jaeger_thrift_http",
        CollectorTransport.JaegerUdp => "jaeger_udp",
        _ => "internal",
    };

    public static string ReasonLabel(RefuseReason reason) => reason switch
    {
        RefuseReason.QueueFull => "queue_full",
        RefuseReason.ShuttingDown => "shutting_down",
        RefuseReason.StorageError => "storage_error",
        RefuseReason.TooLarge => "too_large",
        RefuseReason.Malformed => "malformed",
        RefuseReason.UnsupportedMediaType => "unsupported_media_type",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public string ToPrometheusText()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WritePrometheus(writer);
        return writer.ToString();
    }

    /// <summary>Writes every series (zeros included) in the Prometheus text format 0.0.4.</summary>
    public void WritePrometheus(TextWriter w)
    {
        Header(w, "tracebackend_receiver_accepted_spans_total", "counter", "Spans received over OTLP, stored and acknowledged.");
        foreach (var t in s_transports)
        {
            Line(w, "tracebackend_receiver_accepted_spans_total", $"transport=\"{TransportLabel(t)}\"", Accepted(t));
        }

        Header(w, "tracebackend_receiver_rejected_spans_total", "counter", "Invalid spans rejected from otherwise valid requests (OTLP partial success).");
        foreach (var t in s_transports)
        {
            for (var r = 0; r < RejectReasonNames.Count; r++)
            {
                var reason = (RejectReason)r;
                Line(w, "tracebackend_receiver_rejected_spans_total",
                    $"transport=\"{TransportLabel(t)}\",reason=\"{RejectReasonNames.ToLabel(reason)}\"", Rejected(t, reason));
            }
        }

        Header(w, "tracebackend_receiver_refused_spans_total", "counter", "Valid spans not stored because their request was refused; the sender may retry.");
        foreach (var t in s_transports)
        {
            for (var r = 0; r < SpanCountedRefuseReasons; r++)
            {
                var reason = (RefuseReason)r;
                Line(w, "tracebackend_receiver_refused_spans_total",
                    $"transport=\"{TransportLabel(t)}\",reason=\"{ReasonLabel(reason)}\"", RefusedSpans(t, reason));
            }
        }

        Header(w, "tracebackend_receiver_refused_requests_total", "counter", "OTLP requests refused as a whole.");
        foreach (var t in s_transports)
        {
            for (var r = 0; r < RefuseReasons; r++)
            {
                var reason = (RefuseReason)r;
                Line(w, "tracebackend_receiver_refused_requests_total",
                    $"transport=\"{TransportLabel(t)}\",reason=\"{ReasonLabel(reason)}\"", RefusedRequests(t, reason));
            }
        }

        Header(w, "tracebackend_storage_written_spans_total", "counter", "Spans written to storage by the ingest pipeline.");
        Line(w, "tracebackend_storage_written_spans_total", null, WrittenSpans);
        Header(w, "tracebackend_storage_write_batches_total", "counter", "Successful storage writes (group commits).");
        Line(w, "tracebackend_storage_write_batches_total", null, Volatile.Read(ref _writeBatches));
        Header(w, "tracebackend_storage_write_failures_total", "counter", "Failed storage writes.");
        Line(w, "tracebackend_storage_write_failures_total", null, WriteFailures);
        Header(w, "tracebackend_ingest_queue_spans", "gauge", "Spans accepted and not yet written.");
        Line(w, "tracebackend_ingest_queue_spans", null, QueueSpans);
        Header(w, "tracebackend_ingest_queue_capacity_spans", "gauge", "Capacity of the ingest queue in spans.");
        Line(w, "tracebackend_ingest_queue_capacity_spans", null, Volatile.Read(ref _queueCapacity));
    }

    private static void Header(TextWriter w, string name, string type, string help)
    {
        w.Write("# HELP ");
        w.Write(name);
        w.Write(' ');
        w.Write(help);
        w.Write('\n');
        w.Write("# TYPE ");
        w.Write(name);
        w.Write(' ');
        w.Write(type);
        w.Write('\n');
    }

    private static void Line(TextWriter w, string name, string? labels, long value)
    {
        w.Write(name);
        if (labels is not null)
        {
            w.Write('{');
            w.Write(labels);
            w.Write('}');
        }

        w.Write(' ');
        w.Write(value.ToString(CultureInfo.InvariantCulture));
        w.Write('\n');
    }
}
