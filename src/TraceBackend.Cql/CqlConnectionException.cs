namespace TraceBackend.Cql;

/// <summary>
/// No connection could serve the request: every host is down or failed to connect (<see cref="HostErrors"/> lists
/// each tried host with its last error), or the connection carrying the request closed before the reply. Retryable.
/// </summary>
public sealed class CqlConnectionException : CqlException
{
    public CqlConnectionException(string message, IReadOnlyDictionary<string, Exception?> hostErrors)
        : base(message + Describe(hostErrors), hostErrors.Count == 1 ? hostErrors.Keys.First() : null, FirstError(hostErrors))
    {
        HostErrors = hostErrors;
    }

    internal CqlConnectionException(string host, Exception? reason, bool requestSent)
        : base(
            $"connection to {host} closed{(requestSent ? " before the reply" : " before the request was sent")}: "
                + (reason?.Message ?? "closed"),
            host,
            reason)
    {
        HostErrors = new Dictionary<string, Exception?> { [host] = reason };
        RequestSent = requestSent;
    }

    /// <summary>Tried hosts (<c>host:port</c>) and the last error of each (null when it was skipped as down).</summary>
    public IReadOnlyDictionary<string, Exception?> HostErrors { get; }

    public override bool IsRetryable => true;

    /// <summary>False when the request never fully left the client, so resending it cannot apply it twice.</summary>
    internal bool RequestSent { get; }

    private static string Describe(IReadOnlyDictionary<string, Exception?> errors) =>
        errors.Count == 0
            ? string.Empty
            : " (tried " + string.Join("; ", errors.Select(e => e.Key + ": " + (e.Value?.Message ?? "down"))) + ")";

    private static Exception? FirstError(IReadOnlyDictionary<string, Exception?> errors) =>
        errors.Values.FirstOrDefault(e => e is not null);
}
