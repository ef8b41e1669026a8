namespace TraceBackend.LoadGen.Sending;

/// <summary>Body encoding of OTLP/HTTP requests.</summary>
public enum OtlpEncoding
{
    /// <summary><c>application/x-protobuf</c>.</summary>
    Protobuf,

    /// <summary><c>application/json</c>, written by <see cref="Otlp.OtlpJsonWriter"/>.</summary>
    Json,
}
