namespace TraceBackend.Cql.Internal.Protocol;

/// <summary>
/// A received frame whose body is already decompressed: <see cref="Flags"/> never contains
/// <see cref="CqlFrameFlags.Compression"/>. The body array belongs to the frame.
/// </summary>
internal sealed record CqlFrame(CqlFrameFlags Flags, short StreamId, CqlOpcode Opcode, byte[] Body);
