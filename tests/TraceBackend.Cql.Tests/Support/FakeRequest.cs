namespace TraceBackend.Cql.Tests.Support;

/// <summary>One request frame as the fake server received it (body already decompressed when it was compressed).</summary>
internal sealed record FakeRequest(FakeConnection Connection, byte Version, byte Flags, short Stream, byte Opcode, byte[] Body, bool WasCompressed)
{
    public const byte Startup = 0x01;
    public const byte Options = 0x05;
    public const byte Query = 0x07;
    public const byte Prepare = 0x09;
    public const byte Execute = 0x0A;
    public const byte Batch = 0x0D;
    public const byte AuthResponse = 0x0F;

    /// <summary>The [long string] that starts QUERY and PREPARE bodies.</summary>
    public string Cql => new SpecReader(Body).LongString();

    /// <summary>The [short bytes] id that starts an EXECUTE body.</summary>
    public byte[] ExecuteId => new SpecReader(Body).ShortBytes();

    public Task ReplyAsync(byte opcode, byte[] body) => Connection.SendAsync(Stream, opcode, body);
}
