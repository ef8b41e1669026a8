using K4os.Compression.LZ4;
using TraceBackend.Cql.Internal.FrontendMessages;
using TraceBackend.Cql.Internal.Values;
using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Codec;

/// <summary>Request frames (spec §4.1) compared with bytes written by hand from the spec.</summary>
public sealed class RequestMessageTests
{
    [Fact]
    public void Startup_is_a_string_map_with_the_cql_version()
    {
        // 04 version, 00 flags, 0001 stream, 01 STARTUP, 22-byte body: {"CQL_VERSION": "3.0.0"}
        var expected = Convert.FromHexString("040000010100000016" + "0001" + "000B43514C5F56455253494F4E" + "0005332E302E30");

        Assert.Equal(expected, Wire.Request(new StartupMessage(lz4: false), stream: 1));
    }

    [Fact]
    public void Startup_names_lz4_when_compression_was_negotiated()
    {
        var body = new SpecWriter().StringMap(("CQL_VERSION", "3.0.0"), ("COMPRESSION", "lz4")).ToArray();

        Assert.Equal(Wire.ExpectedRequest(0x01, 0, body), Wire.Request(new StartupMessage(lz4: true)));
    }

    [Fact]
    public void Options_has_an_empty_body()
    {
        Assert.Equal(Convert.FromHexString("040000050500000000"), Wire.Request(OptionsMessage.Instance, stream: 5));
    }

    [Fact]
    public void Auth_response_carries_the_sasl_plain_token_as_bytes()
    {
        // [bytes] of 17: \0 "cassandra" \0 "secret"
        var body = Convert.FromHexString("00000011" + "00" + "63617373616E647261" + "00" + "736563726574");

        Assert.Equal(
            Wire.ExpectedRequest(0x0F, 2, body),
            Wire.Request(new AuthResponseMessage(AuthResponseMessage.PlainToken("cassandra", "secret")), stream: 2));
    }

    [Fact]
    public void Auth_response_with_a_null_token_sends_length_minus_one()
    {
        Assert.Equal(Wire.ExpectedRequest(0x0F, 0, [0xFF, 0xFF, 0xFF, 0xFF]), Wire.Request(new AuthResponseMessage(null)));
    }

    [Fact]
    public void Query_without_options_is_the_long_string_consistency_and_zero_flags()
    {
        var body = new SpecWriter().LongString("SELECT * FROM t").Short(0x000A).Byte(0).ToArray();

        Assert.Equal(
            Wire.ExpectedRequest(0x07, 3, body),
            Wire.Request(new QueryMessage("SELECT * FROM t", new QueryParameters(CqlConsistency.LocalOne)), stream: 3));
    }

    [Fact]
    public void Query_with_every_parameter_writes_them_in_spec_order_with_their_flags()
    {
        var values = CqlValueEncoder.Encode(
            [new CqlColumn("ks", "t", "k", CqlType.Int), new CqlColumn("ks", "t", "v", CqlType.Text)], [5, null]);
        var parameters = new QueryParameters(CqlConsistency.Quorum)
        {
            Values = values,
            SkipMetadata = true,
            PageSize = 100,
            PagingState = [1, 2, 3],
            SerialConsistency = CqlConsistency.LocalSerial,
            DefaultTimestamp = 1234,
        };

        var body = new SpecWriter()
            .LongString("SELECT v FROM t WHERE k=?")
            .Short(0x0004) // QUORUM
            .Byte(0x01 | 0x02 | 0x04 | 0x08 | 0x10 | 0x20)
            .Short(2).Int(4).Int(5).Int(-1) // values: int 5, null
            .Int(100) // result_page_size
            .Int(3).Raw(1, 2, 3) // paging_state [bytes]
            .Short(0x0009) // LOCAL_SERIAL
            .Long(1234) // timestamp
            .ToArray();

        Assert.Equal(Wire.ExpectedRequest(0x07, 0, body), Wire.Request(new QueryMessage("SELECT v FROM t WHERE k=?", parameters)));
    }

    [Fact]
    public void Prepare_is_the_query_as_a_long_string()
    {
        var body = Convert.FromHexString("00000011" + Convert.ToHexString("SELECT k FROM t;"u8) + "20");

        Assert.Equal(Wire.ExpectedRequest(0x09, 7, body), Wire.Request(new PrepareMessage("SELECT k FROM t; "), stream: 7));
    }

    [Fact]
    public void Execute_is_the_short_bytes_id_then_query_parameters()
    {
        var values = CqlValueEncoder.Encode([new CqlColumn("ks", "t", "b", CqlType.Blob)], [new byte[] { 0xAB }]);
        var parameters = new QueryParameters(CqlConsistency.LocalOne) { Values = values, PageSize = 5000 };

        var body = new SpecWriter()
            .Short(2).Raw(0xCA, 0xFE)
            .Short(0x000A).Byte(0x01 | 0x04)
            .Short(1).Int(1).Raw(0xAB)
            .Int(5000)
            .ToArray();

        Assert.Equal(
            Wire.ExpectedRequest(0x0A, 0x7FFF, body),
            Wire.Request(new ExecuteMessage([0xCA, 0xFE], parameters), stream: 0x7FFF));
    }

    [Fact]
    public void Batch_lists_prepared_and_plain_entries_then_consistency_flags_serial_and_timestamp()
    {
        var statement = new CqlPreparedStatement("INSERT …", [0x01, 0x02], [new CqlColumn("ks", "t", "k", CqlType.Bigint)], [0], []);
        var entries = new[]
        {
            new BatchEntry(statement, CqlValueEncoder.Encode(statement.Variables, [7L])),
            new BatchEntry("DELETE FROM t WHERE k=1", BoundValues.Empty),
        };

        var body = new SpecWriter()
            .Byte(0) // LOGGED
            .Short(2)
            .Byte(1).ShortBytes([0x01, 0x02]).Short(1).Int(8).Long(7)
            .Byte(0).LongString("DELETE FROM t WHERE k=1").Short(0)
            .Short(0x0004) // QUORUM
            .Byte(0x10 | 0x20)
            .Short(0x0008) // SERIAL
            .Long(99)
            .ToArray();

        Assert.Equal(
            Wire.ExpectedRequest(0x0D, 4, body),
            Wire.Request(new BatchMessage(CqlBatchType.Logged, entries, CqlConsistency.Quorum, CqlConsistency.Serial, 99), stream: 4));
    }

    [Fact]
    public void Unlogged_batch_without_serial_has_type_one_and_zero_flags()
    {
        var statement = new CqlPreparedStatement("INSERT …", [0x09], [], [], []);
        var body = new SpecWriter().Byte(1).Short(1).Byte(1).ShortBytes([0x09]).Short(0).Short(0x000A).Byte(0).ToArray();

        Assert.Equal(
            Wire.ExpectedRequest(0x0D, 0, body),
            Wire.Request(new BatchMessage(CqlBatchType.Unlogged, [new BatchEntry(statement, BoundValues.Empty)], CqlConsistency.LocalOne)));
    }

    [Fact]
    public void Compressed_request_sets_flag_one_and_carries_the_uncompressed_length_then_an_lz4_block()
    {
        var cql = "SELECT " + string.Join(", ", Enumerable.Repeat("column_name", 50)) + " FROM t";
        var message = new QueryMessage(cql, new QueryParameters(CqlConsistency.One));
        var plain = Wire.Request(message, stream: 9);
        var compressed = Wire.Request(message, stream: 9, compress: true);

        var reader = new SpecReader(compressed);
        Assert.Equal(0x04, reader.Byte());
        Assert.Equal(0x01, reader.Byte());
        Assert.Equal(9, reader.Short());
        Assert.Equal(0x07, reader.Byte());
        var length = reader.Int();
        Assert.Equal(compressed.Length - 9, length);
        Assert.True(length < plain.Length - 9, "repetitive text must shrink");
        var uncompressedLength = reader.Int();
        Assert.Equal(plain.Length - 9, uncompressedLength);
        var decoded = new byte[uncompressedLength];
        Assert.Equal(uncompressedLength, LZ4Codec.Decode(compressed.AsSpan(13), decoded));
        Assert.Equal(plain.AsSpan(9).ToArray(), decoded);
    }

    [Fact]
    public void An_empty_body_is_sent_uncompressed_even_when_compressing()
    {
        Assert.Equal(Convert.FromHexString("040000000500000000"), Wire.Request(OptionsMessage.Instance, compress: true));
    }

    [Fact]
    public void A_string_longer_than_a_short_length_is_rejected()
    {
        var message = new StartupMessageWithLongValue();

        Assert.Throws<ArgumentException>(() => Wire.Request(message));
    }

    private sealed class StartupMessageWithLongValue : IFrontendMessage
    {
        public Internal.Protocol.CqlOpcode Opcode => Internal.Protocol.CqlOpcode.Startup;

        public void WriteBody(Internal.Buffers.CqlWriteBuffer buffer) =>
            buffer.WriteStringMap([new("CQL_VERSION", new string('x', 70000))]);
    }
}
