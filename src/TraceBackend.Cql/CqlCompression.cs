namespace TraceBackend.Cql;

/// <summary>Frame-body compression requested in STARTUP (spec §5). Used only when the server lists it in SUPPORTED.</summary>
public enum CqlCompression
{
    /// <summary>Frames travel uncompressed.</summary>
    None = 0,

    /// <summary>LZ4 block compression: each compressed body is a 4-byte big-endian uncompressed length, then one LZ4 block.</summary>
    Lz4 = 1,
}
