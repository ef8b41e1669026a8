namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>
/// Thrift bytes that cannot be decoded: truncated, a negative or oversized length, a wrong type, too deep
/// nesting, a wrong message header. The message names what was being read and the byte offset.
/// </summary>
public sealed class ThriftDecodeException : Exception
{
    public ThriftDecodeException(string message)
        : base(message)
    {
    }

    public ThriftDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
