namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>Internal marker: a failure after which the log must enter its failed state (no rollback possible).</summary>
internal sealed class WalFatalException(Exception inner) : IOException(inner.Message, inner);
