using System.Buffers;
using K4os.Compression.LZ4;
using TraceBackend.Cql.Internal.BackendMessages;
using TraceBackend.Cql.Internal.Protocol;
using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Codec;

/// <summary>The 9-byte header (spec §2), the frame scanner and LZ4 bodies (spec §5).</summary>
public sealed class FrameTests
{
    [Fact]
    public void Header_fields_are_big_endian_in_spec_order()
    {
        var header = CqlFrameHeader.Read(Convert.FromHexString("840A80010800000102"));

        Assert.Equal(0x84, header.Version);
        Assert.Equal(CqlFrameFlags.Warning | CqlFrameFlags.Tracing, header.Flags);
        Assert.Equal(unchecked((short)0x8001), header.StreamId);
        Assert.Equal(CqlOpcode.Result, header.Opcode);
        Assert.Equal(0x102, header.BodyLength);

        var written = new byte[9];
        new CqlFrameHeader(0x04, CqlFrameFlags.Compression, 0x1234, CqlOpcode.Execute, 7).Write(written);
        Assert.Equal(Convert.FromHexString("04011234" + "0A" + "00000007"), written);
    }

    [Fact]
    public void Scanner_waits_for_a_whole_header_and_body()
    {
        var frame = Responses.Frame(Responses.Result, 5, Responses.SetKeyspaceBody("ks"));
        for (var cut = 0; cut < frame.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(frame, 0, cut);
            Assert.False(CqlFrameScanner.TryRead(ref partial, 0x84, out _, out _));
            Assert.Equal(cut, partial.Length);
        }
    }

    [Fact]
    public void Scanner_reads_consecutive_frames_split_across_segments()
    {
        var first = Responses.Frame(Responses.Ready, 1, []);
        var second = Responses.Frame(Responses.Result, 2, Responses.SetKeyspaceBody("jaeger"));
        var buffer = Segments.Split([.. first, .. second, 0x84], chunk: 3);

        Assert.True(CqlFrameScanner.TryRead(ref buffer, 0x84, out var h1, out var b1));
        Assert.Equal((CqlOpcode.Ready, (short)1, 0L), (h1.Opcode, h1.StreamId, b1.Length));
        Assert.True(CqlFrameScanner.TryRead(ref buffer, 0x84, out var h2, out var b2));
        Assert.Equal((CqlOpcode.Result, (short)2), (h2.Opcode, h2.StreamId));
        Assert.Equal(Responses.SetKeyspaceBody("jaeger"), b2.ToArray());
        Assert.False(CqlFrameScanner.TryRead(ref buffer, 0x84, out _, out _));
        Assert.Equal(1, buffer.Length);
    }

    [Theory]
    [InlineData("830000000000000000", "v3")]
    [InlineData("040000000200000000", "direction")]
    [InlineData("8400000002FFFFFFFF", "length")]
    [InlineData("8400000002" + "10000001", "length")]
    public void Scanner_rejects_other_versions_directions_and_bad_lengths(string header, string expected)
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(header));

        var error = Assert.Throws<CqlProtocolException>(() => CqlFrameScanner.TryRead(ref buffer, 0x84, out _, out _));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compressed_response_frame_built_per_spec_is_decompressed()
    {
        var body = new SpecWriter().Raw(Responses.RowsBody(
            [("service_name", CqlType.Text)],
            Enumerable.Range(0, 50).Select(i => new byte[]?[] { V.Text("frontend-service-" + (i % 3)) }).ToArray())).ToArray();
        var block = new byte[LZ4Codec.MaximumOutputSize(body.Length)];
        var blockLength = LZ4Codec.Encode(body, block);
        var compressed = new SpecWriter().Int(body.Length).Raw(block[..blockLength]).ToArray();

        var rows = Assert.IsType<RowsResult>(Wire.Response(Responses.Frame(Responses.Result, 1, compressed, flags: 0x01)));

        Assert.Equal(50, rows.Rows.Count);
        Assert.Equal("frontend-service-2", rows.Rows[47][0]);
    }

    [Fact]
    public void Lz4_round_trips_bodies_of_any_size_including_empty()
    {
        foreach (var size in new[] { 0, 1, 15, 1000, 70_000 })
        {
            var body = Enumerable.Range(0, size).Select(i => (byte)(i % 7 == 0 ? i : 42)).ToArray();
            var target = new byte[Lz4BodyCodec.MaxCompressedLength(size)];
            var length = Lz4BodyCodec.Compress(body, target);

            Assert.Equal(size, new SpecReader(target).Int());
            Assert.Equal(body, Lz4BodyCodec.Decompress(target.AsSpan(0, length)));
            Assert.Equal(body, Lz4BodyCodec.Decompress(Segments.Split(target[..length], chunk: 5)));
        }
    }

    [Fact]
    public void Corrupt_lz4_bodies_are_protocol_errors()
    {
        Assert.Throws<CqlProtocolException>(() => Lz4BodyCodec.Decompress([0, 0]));
        Assert.Throws<CqlProtocolException>(() => Lz4BodyCodec.Decompress([0xFF, 0xFF, 0xFF, 0xFF, 1]));
        Assert.Throws<CqlProtocolException>(() => Lz4BodyCodec.Decompress(new SpecWriter().Int(100).Raw(0x10, 0x41).ToArray()));
    }
}
