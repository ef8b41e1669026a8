namespace TraceBackend.Model;

/// <summary>OTLP span kinds, with the OTLP enum numbers.</summary>
public enum SpanKind : byte
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
