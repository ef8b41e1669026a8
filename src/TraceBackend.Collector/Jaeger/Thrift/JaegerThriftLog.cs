using Microsoft.Extensions.Logging;

namespace TraceBackend.Collector.Jaeger.Thrift;

internal static partial class JaegerThriftLog
{
    [LoggerMessage(201, LogLevel.Debug, "Jaeger Thrift HTTP request refused ({Reason}): {Message}")]
    public static partial void Refused(ILogger logger, RefuseReason reason, string message);

    [LoggerMessage(202, LogLevel.Warning, "Jaeger Thrift: {RejectedSpans} invalid spans dropped, {AcceptedSpans} stored: {Message}")]
    public static partial void PartiallyRejected(ILogger logger, int rejectedSpans, int acceptedSpans, string message);

    [LoggerMessage(203, LogLevel.Warning, "Jaeger agent UDP {Port} ({Protocol}): {Count} malformed datagrams since the last report; last: {Message}")]
    public static partial void Malformed(ILogger logger, int port, ThriftProtocol protocol, long count, string message);

    [LoggerMessage(204, LogLevel.Warning, "Jaeger agent UDP {Port} ({Protocol}): batch of {Spans} spans dropped ({Result})")]
    public static partial void Dropped(ILogger logger, int port, ThriftProtocol protocol, int spans, IngestResult result);

    [LoggerMessage(205, LogLevel.Error, "Jaeger agent UDP {Port} ({Protocol}): receive failed")]
    public static partial void ReceiveFailed(ILogger logger, int port, ThriftProtocol protocol, Exception exception);
}
