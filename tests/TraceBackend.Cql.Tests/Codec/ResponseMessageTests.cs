using TraceBackend.Cql.Internal.BackendMessages;
using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Codec;

/// <summary>Response frames (spec §4.2) written by hand and parsed by the client.</summary>
public sealed class ResponseMessageTests
{
    [Fact]
    public void Ready_has_an_empty_body()
    {
        Assert.IsType<ReadyMessage>(Wire.Response(Convert.FromHexString("840000010200000000")));
    }

    [Fact]
    public void Authenticate_names_the_authenticator_class()
    {
        var message = Wire.Response<AuthenticateMessage>(
            Responses.Authenticate, new SpecWriter().String(FakeCqlServer.PasswordAuthenticator).ToArray());

        Assert.Equal("org.apache.cassandra.auth.PasswordAuthenticator", message.Authenticator);
    }

    [Fact]
    public void Supported_is_a_string_multimap()
    {
        var body = new SpecWriter().StringMultimap(
            ("CQL_VERSION", ["3.0.0", "3.4.5"]), ("COMPRESSION", ["snappy", "LZ4"]), ("PROTOCOL_VERSIONS", [])).ToArray();

        var message = Wire.Response<SupportedMessage>(Responses.Supported, body);

        Assert.Equal(["3.0.0", "3.4.5"], message.Options["CQL_VERSION"]);
        Assert.Empty(message.Options["PROTOCOL_VERSIONS"]);
        Assert.True(message.Offers("COMPRESSION", "lz4"));
        Assert.False(message.Offers("COMPRESSION", "zstd"));
        Assert.False(message.Offers("MISSING", "x"));
    }

    [Fact]
    public void Auth_success_and_challenge_carry_a_bytes_token_that_may_be_null()
    {
        Assert.Null(Wire.Response<AuthSuccessMessage>(Responses.AuthSuccess, new SpecWriter().Int(-1).ToArray()).Token);
        Assert.Equal([1, 2], Wire.Response<AuthSuccessMessage>(Responses.AuthSuccess, new SpecWriter().Bytes([1, 2]).ToArray()).Token);
        Assert.Equal(
            "PLAIN-START"u8.ToArray(),
            Wire.Response<AuthChallengeMessage>(Responses.AuthChallenge, new SpecWriter().Bytes("PLAIN-START"u8.ToArray()).ToArray()).Token);
    }

    [Fact]
    public void Result_void_is_kind_one()
    {
        Assert.IsType<VoidResult>(Wire.Response(Convert.FromHexString("84000001080000000400000001")));
    }

    [Fact]
    public void Result_set_keyspace_carries_the_keyspace()
    {
        Assert.Equal("jaeger_v1_dc1", Wire.Response<SetKeyspaceResult>(Responses.Result, Responses.SetKeyspaceBody("jaeger_v1_dc1")).Keyspace);
    }

    [Fact]
    public void Rows_with_a_global_table_spec_decode_columns_and_values_including_null()
    {
        var body = new SpecWriter()
            .Int(2) // Rows
            .Int(0x0001).Int(2) // Global_tables_spec, 2 columns
            .String("jaeger").String("traces")
            .String("operation_name").Short(0x000D)
            .String("flags").Short(0x0009)
            .Int(2) // rows_count
            .Bytes("GET /"u8.ToArray()).Bytes(V.Int(1))
            .Bytes(null).Bytes(V.Int(-7))
            .ToArray();

        var rows = Wire.Response<RowsResult>(Responses.Result, body);

        Assert.Equal(
            [new CqlColumn("jaeger", "traces", "operation_name", CqlType.Text), new CqlColumn("jaeger", "traces", "flags", CqlType.Int)],
            rows.Columns);
        Assert.Null(rows.Metadata.PagingState);
        Assert.Equal(2, rows.Rows.Count);
        Assert.Equal(["GET /", 1], rows.Rows[0]);
        Assert.Equal([null, -7], rows.Rows[1]);
    }

    [Fact]
    public void Rows_without_a_global_spec_read_keyspace_and_table_per_column()
    {
        var body = new SpecWriter()
            .Int(2).Int(0).Int(2)
            .String("ks1").String("t1").String("a").Short(0x0002)
            .String("ks2").String("t2").String("b").Short(0x0001)
            .Int(1).Bytes(V.Long(long.MinValue)).Bytes("x"u8.ToArray())
            .ToArray();

        var rows = Wire.Response<RowsResult>(Responses.Result, body);

        Assert.Equal(new CqlColumn("ks1", "t1", "a", CqlType.Bigint), rows.Columns[0]);
        Assert.Equal(new CqlColumn("ks2", "t2", "b", CqlType.Ascii), rows.Columns[1]);
        Assert.Equal([long.MinValue, "x"], rows.Rows[0]);
    }

    [Fact]
    public void Rows_with_has_more_pages_carry_the_paging_state()
    {
        var body = Responses.RowsBody([("k", CqlType.Int)], [[V.Int(1)]], pagingState: [0xDE, 0xAD]);

        var rows = Wire.Response<RowsResult>(Responses.Result, body);

        Assert.Equal([0xDE, 0xAD], rows.Metadata.PagingState);
        Assert.Equal([1], rows.Rows[0]);
    }

    [Fact]
    public void Rows_with_no_metadata_decode_with_the_prepared_result_columns()
    {
        var body = Responses.RowsBody([("k", CqlType.Int), ("v", CqlType.Text)], [[V.Int(3), V.Text("three")]], pagingState: [9], noMetadata: true);
        IReadOnlyList<CqlColumn> known = [new("ks", "t", "k", CqlType.Int), new("ks", "t", "v", CqlType.Text)];

        var rows = Wire.Response<RowsResult>(Responses.Result, body, known);

        Assert.True(rows.Metadata.NoMetadata);
        Assert.Empty(rows.Metadata.Columns);
        Assert.Same(known, rows.Columns);
        Assert.Equal([9], rows.Metadata.PagingState);
        Assert.Equal([3, "three"], rows.Rows[0]);
    }

    [Fact]
    public void Rows_with_no_metadata_and_no_known_columns_return_raw_bytes()
    {
        var body = Responses.RowsBody([("k", CqlType.Int)], [[V.Int(3)]], noMetadata: true);

        var rows = Wire.Response<RowsResult>(Responses.Result, body);

        Assert.Equal(CqlType.Blob, rows.Columns[0].Type);
        Assert.Equal(V.Int(3), rows.Rows[0][0]);
    }

    [Fact]
    public void Rows_with_nested_list_of_frozen_udts_decode_metadata_and_values()
    {
        var keyvalue = CqlType.Udt("jaeger", "keyvalue", [
            new("key", CqlType.Text), new("value_type", CqlType.Text), new("value_string", CqlType.Text),
            new("value_bool", CqlType.Boolean), new("value_long", CqlType.Bigint), new("value_double", CqlType.Double),
            new("value_binary", CqlType.Blob)]);
        var log = CqlType.Udt("jaeger", "log", [new("ts", CqlType.Bigint), new("fields", CqlType.List(keyvalue))]);

        // Metadata by hand: list (0x0020) of UDT (0x0030) "jaeger"."log" with 2 fields, the second a list of UDT keyvalue.
        var metadata = new SpecWriter()
            .Short(0x0020).Short(0x0030).String("jaeger").String("log").Short(2)
            .String("ts").Short(0x0002)
            .String("fields").Short(0x0020).Short(0x0030).String("jaeger").String("keyvalue").Short(7)
            .String("key").Short(0x000D).String("value_type").Short(0x000D).String("value_string").Short(0x000D)
            .String("value_bool").Short(0x0004).String("value_long").Short(0x0002).String("value_double").Short(0x0007)
            .String("value_binary").Short(0x0003)
            .ToArray();
        var field = V.Fields(V.Text("http.status"), V.Text("int64"), null, null, V.Long(200)); // last two fields omitted
        var value = V.Collection(V.Fields(V.Long(1_700_000_000_000_000), V.Collection(field)));
        var body = new SpecWriter()
            .Int(2).Int(1).Int(1).String("jaeger").String("traces").String("logs").Raw(metadata)
            .Int(1).Bytes(value)
            .ToArray();

        var rows = Wire.Response<RowsResult>(Responses.Result, body);

        Assert.Equal(CqlType.List(log), rows.Columns[0].Type);
        Assert.Equal("list<frozen<jaeger.log>>", rows.Columns[0].Type.ToString());
        var logs = Assert.IsAssignableFrom<IReadOnlyList<object?>>(rows.Rows[0][0]);
        var entry = Assert.IsType<CqlUdtValue>(Assert.Single(logs));
        Assert.Equal(["ts", "fields"], entry.Keys);
        Assert.Equal(1_700_000_000_000_000L, entry["ts"]);
        var fields = Assert.IsAssignableFrom<IReadOnlyList<object?>>(entry["fields"]);
        var kv = Assert.IsType<CqlUdtValue>(Assert.Single(fields));
        Assert.Equal(
            ["key", "value_type", "value_string", "value_bool", "value_long", "value_double", "value_binary"],
            kv.Select(pair => pair.Key));
        Assert.Equal("http.status", kv["key"]);
        Assert.Null(kv["value_string"]);
        Assert.Equal(200L, kv["value_long"]);
        Assert.Null(kv["value_double"]);
        Assert.Null(kv["value_binary"]);
    }

    [Fact]
    public void Rows_decode_map_set_tuple_and_custom_type_options()
    {
        var body = new SpecWriter()
            .Int(2).Int(1).Int(4).String("ks").String("t")
            .String("m").Short(0x0021).Short(0x000D).Short(0x0009)
            .String("s").Short(0x0022).Short(0x000C)
            .String("tu").Short(0x0031).Short(2).Short(0x0009).Short(0x000D)
            .String("c").Short(0x0000).String("org.apache.cassandra.db.marshal.DurationType")
            .Int(1)
            .Bytes(new SpecWriter().Int(2).Bytes(V.Text("a")).Bytes(V.Int(1)).Bytes(V.Text("b")).Bytes(V.Int(2)).ToArray())
            .Bytes(V.Collection(V.Uuid(new Guid("00112233-4455-6677-8899-aabbccddeeff"))))
            .Bytes(V.Fields(V.Int(5), null))
            .Bytes([0x01, 0x02])
            .ToArray();

        var rows = Wire.Response<RowsResult>(Responses.Result, body);

        Assert.Equal(CqlType.Map(CqlType.Text, CqlType.Int), rows.Columns[0].Type);
        Assert.Equal(CqlType.Set(CqlType.Uuid), rows.Columns[1].Type);
        Assert.Equal(CqlType.Tuple([CqlType.Int, CqlType.Text]), rows.Columns[2].Type);
        Assert.Equal(CqlType.Custom("org.apache.cassandra.db.marshal.DurationType"), rows.Columns[3].Type);
        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<object, object?>>(rows.Rows[0][0]);
        Assert.Equal(1, map["a"]);
        Assert.Equal(2, map["b"]);
        Assert.Equal([new Guid("00112233-4455-6677-8899-aabbccddeeff")], Assert.IsAssignableFrom<IReadOnlyList<object?>>(rows.Rows[0][1]));
        Assert.Equal([5, null], Assert.IsType<object?[]>(rows.Rows[0][2]));
        Assert.Equal([1, 2], Assert.IsType<byte[]>(rows.Rows[0][3]));
    }

    [Fact]
    public void Prepared_reads_id_bind_metadata_with_pk_indices_and_result_metadata()
    {
        var body = new SpecWriter()
            .Int(4).ShortBytes([0xAA, 0xBB, 0xCC])
            .Int(1).Int(3).Int(2).Short(2).Short(0) // flags, 3 variables, 2 pk indices: [2, 0]
            .String("jaeger").String("tag_index")
            .String("service_name").Short(0x000D).String("start_time").Short(0x0002).String("tag_key").Short(0x000D)
            .Int(1).Int(1).String("jaeger").String("tag_index").String("trace_id").Short(0x0003)
            .ToArray();

        var prepared = Wire.Response<PreparedResult>(Responses.Result, body);

        Assert.Equal([0xAA, 0xBB, 0xCC], prepared.Id);
        Assert.Equal(["service_name", "start_time", "tag_key"], prepared.Variables.Select(v => v.Name));
        Assert.Equal(CqlType.Bigint, prepared.Variables[1].Type);
        Assert.Equal("tag_index", prepared.Variables[0].Table);
        Assert.Equal([2, 0], prepared.PartitionKeyIndices);
        Assert.Equal([new CqlColumn("jaeger", "tag_index", "trace_id", CqlType.Blob)], prepared.ResultMetadata.Columns);
    }

    [Fact]
    public void Prepared_without_bind_table_spec_and_with_empty_result_metadata()
    {
        var body = new SpecWriter()
            .Int(4).ShortBytes([0x01])
            .Int(0).Int(1).Int(0).String("ks").String("t").String("v").Short(0x0020).Short(0x000D)
            .Int(0x0004).Int(0)
            .ToArray();

        var prepared = Wire.Response<PreparedResult>(Responses.Result, body);

        Assert.Equal(new CqlColumn("ks", "t", "v", CqlType.List(CqlType.Text)), Assert.Single(prepared.Variables));
        Assert.Empty(prepared.PartitionKeyIndices);
        Assert.True(prepared.ResultMetadata.NoMetadata);
        Assert.Empty(prepared.ResultMetadata.Columns);
    }

    [Theory]
    [InlineData("CREATED", "KEYSPACE", new[] { "jaeger" }, "jaeger", null)]
    [InlineData("UPDATED", "TABLE", new[] { "jaeger", "traces" }, "jaeger", "traces")]
    [InlineData("DROPPED", "TYPE", new[] { "jaeger", "keyvalue" }, "jaeger", "keyvalue")]
    public void Schema_change_reads_the_options_of_its_target(string change, string target, string[] options, string keyspace, string? name)
    {
        var result = Wire.Response<SchemaChangeResult>(Responses.Result, Responses.SchemaChangeBody(change, target, options));

        Assert.Equal(new CqlSchemaChange(change, target, keyspace, name, []), result.Change with { ArgumentTypes = [] });
        Assert.Empty(result.Change.ArgumentTypes);
    }

    [Fact]
    public void Schema_change_of_a_function_reads_its_argument_types()
    {
        var body = new SpecWriter().Int(5).String("CREATED").String("FUNCTION").String("ks").String("fn").StringList("int", "text").ToArray();

        var change = Wire.Response<SchemaChangeResult>(Responses.Result, body).Change;

        Assert.Equal(("CREATED", "FUNCTION", "ks", "fn"), (change.ChangeType, change.Target, change.Keyspace, change.Name));
        Assert.Equal(["int", "text"], change.ArgumentTypes);
    }

    [Fact]
    public void Tracing_id_warnings_and_custom_payload_precede_the_message()
    {
        var body = new SpecWriter()
            .Uuid(Guid.NewGuid())
            .StringList("Batch for [jaeger.traces] is of size 6.5KiB, exceeding specified threshold of 5.0KiB")
            .Short(1).String("k").Bytes([1])
            .Raw(Responses.VoidBody())
            .ToArray();

        var message = Wire.Response(Responses.Frame(Responses.Result, 3, body, flags: 0x02 | 0x04 | 0x08), out var warnings);

        Assert.IsType<VoidResult>(message);
        Assert.StartsWith("Batch for [jaeger.traces]", Assert.Single(warnings));
    }

    [Fact]
    public void Bytes_after_a_message_are_ignored()
    {
        var body = new SpecWriter().Raw(Responses.SetKeyspaceBody("ks")).Raw(0xFF, 0xFF, 0xFF).ToArray();

        Assert.Equal("ks", Wire.Response<SetKeyspaceResult>(Responses.Result, body).Keyspace);
    }

    [Fact]
    public void A_truncated_body_is_a_protocol_error()
    {
        var body = Responses.RowsBody([("k", CqlType.Int)], [[V.Int(1)]]);

        var error = Assert.Throws<CqlProtocolException>(() => Wire.Response(Responses.Frame(Responses.Result, 0, body[..^2])));
        Assert.Contains("ends early", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_opcodes_result_kinds_and_type_ids_are_protocol_errors()
    {
        Assert.Throws<CqlProtocolException>(() => Wire.Response(Responses.Frame(0x01, 0, [])));
        Assert.Throws<CqlProtocolException>(() => Wire.Response(Responses.Frame(Responses.Result, 0, new SpecWriter().Int(9).ToArray())));
        var badType = new SpecWriter().Int(2).Int(1).Int(1).String("ks").String("t").String("c").Short(0x00FF).Int(0).ToArray();
        Assert.Throws<CqlProtocolException>(() => Wire.Response(Responses.Frame(Responses.Result, 0, badType)));
    }
}
