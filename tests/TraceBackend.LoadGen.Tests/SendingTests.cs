using Grpc.Core;
using TraceBackend.LoadGen.Otlp;
using TraceBackend.LoadGen.Running;
using TraceBackend.LoadGen.Sending;

namespace TraceBackend.LoadGen.Tests;

public sealed class SendingTests
{
    [Fact]
    public void BackoffDoublesWithJitterAndIsCapped()
    {
        var policy = new RetryPolicy();
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.DelayBeforeRetry(1, null, 1.0));
        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.DelayBeforeRetry(1, null, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(400), policy.DelayBeforeRetry(3, null, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayBeforeRetry(20, null, 0.5));
    }

    [Fact]
    public void ServerHintIsHonouredUpToTheCap()
    {
        var policy = new RetryPolicy();
        Assert.Equal(TimeSpan.FromMilliseconds(1234), policy.DelayBeforeRetry(1, TimeSpan.FromMilliseconds(1234), 0.3));
        Assert.Equal(TimeSpan.Zero, policy.DelayBeforeRetry(4, TimeSpan.Zero, 0.3));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayBeforeRetry(1, TimeSpan.FromSeconds(60), 0.3));
    }

    [Theory]
    [InlineData(StatusCode.ResourceExhausted, "250", ExportAttemptKind.Retryable, 250)]
    [InlineData(StatusCode.Unavailable, null, ExportAttemptKind.Retryable, -1)]
    [InlineData(StatusCode.DeadlineExceeded, null, ExportAttemptKind.Retryable, -1)]
    [InlineData(StatusCode.InvalidArgument, null, ExportAttemptKind.Permanent, -1)]
    [InlineData(StatusCode.Unimplemented, "10", ExportAttemptKind.Permanent, -1)]
    [InlineData(StatusCode.ResourceExhausted, "-1", ExportAttemptKind.Permanent, -1)]
    public void GrpcStatusClassification(StatusCode code, string? pushback, ExportAttemptKind kind, int hintMs)
    {
        var attempt = OtlpGrpcTransport.Classify(code, "detail", pushback);
        Assert.Equal(kind, attempt.Kind);
        if (hintMs >= 0)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(hintMs), attempt.RetryAfter);
        }
        else if (kind == ExportAttemptKind.Retryable)
        {
            Assert.Null(attempt.RetryAfter);
        }
    }

    [Theory]
    [InlineData("application/json", """{"partialSuccess":{"rejectedSpans":"12","errorMessage":"x"}}""", 12)]
    [InlineData("application/json", """{"partialSuccess":{"rejectedSpans":3}}""", 3)]
    [InlineData("application/json", "{}", 0)]
    [InlineData("application/json", "not json", 0)]
    public void HttpJsonPartialSuccess(string mediaType, string body, long expected) =>
        Assert.Equal(expected, OtlpHttpTransport.ReadRejectedSpans(mediaType, System.Text.Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void HttpProtobufPartialSuccess()
    {
        var response = new OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceResponse
        {
            PartialSuccess = new OpenTelemetry.Proto.Collector.Trace.V1.ExportTracePartialSuccess { RejectedSpans = 9 },
        };
        Assert.Equal(9, OtlpHttpTransport.ReadRejectedSpans("application/x-protobuf", Google.Protobuf.MessageExtensions.ToByteArray(response)));
        Assert.Equal(0, OtlpHttpTransport.ReadRejectedSpans("application/x-protobuf", []));
    }

    [Fact]
    public void TokenBucketAllowsTheCapacityThenPacesAtTheRate()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(100, 100, time);
        Assert.Equal(TimeSpan.Zero, bucket.Take(100));
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Take(50));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, bucket.Take(50));
        Assert.Equal(TimeSpan.FromSeconds(3), bucket.Take(300));
        time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(TimeSpan.Zero, bucket.Take(100));
        Assert.Equal(TimeSpan.FromSeconds(0.01), bucket.Take(1));
    }

    [Fact]
    public void AckLogWritesOneLinePerTracePartAndZeroOnPartialSuccess()
    {
        var path = Path.Combine(Path.GetTempPath(), $"acklog-{Guid.NewGuid():N}.log");
        try
        {
            using (var log = AckLog.Open(path))
            {
                log.Record([new TraceSpanCount(new string('a', 32), 3), new TraceSpanCount(new string('b', 32), 4)], rejectedSpans: 0);

                // Written through before dispose: survives the process being killed.
                using (var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)))
                {
                    Assert.Equal($"{new string('a', 32)} 3\n{new string('b', 32)} 4\n", reader.ReadToEnd());
                }

                log.Record([new TraceSpanCount(new string('c', 32), 5)], rejectedSpans: 1);
            }

            Assert.Equal([$"{new string('a', 32)} 3", $"{new string('b', 32)} 4", $"{new string('c', 32)} 0"], File.ReadAllLines(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PercentilesUseNearestRank()
    {
        var recorder = new LatencyRecorder();
        Assert.Equal(0, recorder.Percentile(50));
        for (var i = 100; i >= 1; i--)
        {
            recorder.Record(i);
        }

        Assert.Equal(50, recorder.Percentile(50));
        Assert.Equal(99, recorder.Percentile(99));
        Assert.Equal(100, recorder.Percentile(100));
    }

    private sealed class ManualTimeProvider : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
