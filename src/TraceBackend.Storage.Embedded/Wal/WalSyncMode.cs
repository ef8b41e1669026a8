namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>When an append is acknowledged relative to fsync (<c>--wal-sync</c>).</summary>
public enum WalSyncMode
{
    /// <summary>
    /// Group commit: an append completes only after an fsync covering its record. Concurrent appends share one
    /// fsync. An acknowledged record survives a power loss.
    /// </summary>
    Always,

    /// <summary>
    /// An append completes once its record is written to the OS; the log is fsynced every
    /// <see cref="WalOptions.SyncInterval"/> in the background. A power loss may drop up to one interval of
    /// acknowledged records; a process crash drops none.
    /// </summary>
    Interval,

    /// <summary>
    /// An append completes once its record is written to the OS; fsync happens only when a segment is sealed and
    /// on dispose. A process crash drops nothing; a power loss may drop anything not yet written back by the OS.
    /// </summary>
    None,
}
