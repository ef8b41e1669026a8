namespace TraceBackend.Model;

/// <summary>OTLP status codes, with the OTLP enum numbers.</summary>
public enum StatusCode : byte
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}
