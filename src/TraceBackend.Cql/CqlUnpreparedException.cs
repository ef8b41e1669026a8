namespace TraceBackend.Cql;

/// <summary>
/// Unprepared (0x2500): the host does not know the prepared id. <see cref="CqlCluster"/> handles it by preparing again,
/// so callers see it only when preparing again fails to help.
/// </summary>
public sealed class CqlUnpreparedException(string serverMessage, string? host, byte[] unknownId)
    : CqlServerException(CqlErrorCode.Unprepared, serverMessage, host)
{
    public byte[] UnknownId { get; } = unknownId;
}
