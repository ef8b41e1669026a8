namespace TraceBackend.LoadGen.Sending;

public enum ExportAttemptKind
{
    /// <summary>The server acknowledged the request (possibly with rejected spans).</summary>
    Success,

    /// <summary>Overload, unavailability, timeout or a transport error: the request may be sent again.</summary>
    Retryable,

    /// <summary>The server refused the request for good (bad request, unsupported, ...).</summary>
    Permanent,
}
