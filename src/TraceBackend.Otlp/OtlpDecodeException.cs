namespace TraceBackend.Otlp;

/// <summary>
/// An OTLP payload that cannot be decoded at all (malformed protobuf or JSON, wrong JSON types). Transports
/// answer it with 400 / INVALID_ARGUMENT; the message says what and where.
/// </summary>
public sealed class OtlpDecodeException : Exception
{
    public OtlpDecodeException(string message)
        : base(message)
    {
    }

    public OtlpDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
