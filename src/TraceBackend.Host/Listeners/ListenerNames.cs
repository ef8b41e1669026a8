namespace TraceBackend.Host.Listeners;

/// <summary>The named listeners of the process; each is one Kestrel endpoint with its own protocol.</summary>
public static class ListenerNames
{
    public const string OtlpGrpc = "otlp-grpc";
    public const string OtlpHttp = "otlp-http";
    public const string Query = "query";
    public const string Admin = "admin";
    public const string JaegerGrpc = "jaeger-grpc";
    public const string Zipkin = "zipkin";
    public const string QueryGrpc = "query-grpc";
    public const string JaegerThriftHttp = "jaeger-thrift-http";

    /// <summary>UDP, not Kestrel: the Jaeger agent compact-protocol port.</summary>
    public const string JaegerAgentCompact = "jaeger-agent-compact";

    /// <summary>UDP, not Kestrel: the Jaeger agent binary-protocol port.</summary>
    public const string JaegerAgentBinary = "jaeger-agent-binary";
}
