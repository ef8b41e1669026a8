namespace TraceBackend.Collector.Zipkin;

/// <summary>
/// A Zipkin payload that cannot be decoded at all (malformed JSON or protobuf, a field of the wrong type, a
/// missing required field). Answered with 400; the message names the span index and the field.
/// </summary>
public sealed class ZipkinDecodeException : Exception
{
    public ZipkinDecodeException(string message)
        : base(message)
    {
    }

    public ZipkinDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
