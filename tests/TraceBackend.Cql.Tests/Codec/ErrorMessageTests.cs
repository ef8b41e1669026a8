using TraceBackend.Cql.Internal.BackendMessages;
using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Codec;

/// <summary>ERROR bodies of every code in spec §9, with their extra fields, become typed exceptions.</summary>
public sealed class ErrorMessageTests
{
    [Theory]
    [InlineData(0x0000, CqlErrorCode.ServerError, false)]
    [InlineData(0x000A, CqlErrorCode.ProtocolError, false)]
    [InlineData(0x1001, CqlErrorCode.Overloaded, true)]
    [InlineData(0x1002, CqlErrorCode.IsBootstrapping, true)]
    [InlineData(0x1003, CqlErrorCode.TruncateError, false)]
    [InlineData(0x2000, CqlErrorCode.SyntaxError, false)]
    [InlineData(0x2100, CqlErrorCode.Unauthorized, false)]
    [InlineData(0x2200, CqlErrorCode.Invalid, false)]
    [InlineData(0x2300, CqlErrorCode.ConfigError, false)]
    public void Codes_without_extra_fields_keep_code_and_message(int code, CqlErrorCode expected, bool retryable)
    {
        var error = Parse(code, "something went wrong");

        Assert.Equal(typeof(CqlServerException), error.GetType());
        Assert.Equal(expected, error.Code);
        Assert.Equal("something went wrong", error.ServerMessage);
        Assert.Equal(Wire.Host, error.Host);
        Assert.Equal(retryable, error.IsRetryable);
        Assert.Contains("something went wrong", error.Message, StringComparison.Ordinal);
        Assert.Contains($"0x{code:X4}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authentication_error_is_its_own_type()
    {
        var error = Assert.IsType<CqlAuthenticationException>(Parse(0x0100, "Provided username and/or password are incorrect"));

        Assert.Equal(CqlErrorCode.AuthenticationError, error.Code);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public void Unavailable_reads_consistency_required_and_alive()
    {
        var error = Assert.IsType<CqlUnavailableException>(
            Parse(0x1000, "Cannot achieve consistency level QUORUM", w => w.Short(0x0004).Int(2).Int(1)));

        Assert.Equal((CqlConsistency.Quorum, 2, 1), (error.Consistency, error.Required, error.Alive));
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public void Write_timeout_reads_consistency_received_blockfor_and_write_type()
    {
        var error = Assert.IsType<CqlWriteTimeoutException>(
            Parse(0x1100, "Operation timed out", w => w.Short(0x000A).Int(0).Int(1).String("UNLOGGED_BATCH")));

        Assert.Equal((CqlConsistency.LocalOne, 0, 1, "UNLOGGED_BATCH"), (error.Consistency, error.Received, error.BlockFor, error.WriteType));
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public void Read_timeout_reads_data_present()
    {
        var error = Assert.IsType<CqlReadTimeoutException>(
            Parse(0x1200, "Operation timed out", w => w.Short(0x0006).Int(1).Int(2).Byte(0)));

        Assert.Equal((CqlConsistency.LocalQuorum, 1, 2, false), (error.Consistency, error.Received, error.BlockFor, error.DataPresent));
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public void Read_failure_reads_failures_and_data_present()
    {
        var error = Assert.IsType<CqlReadFailureException>(
            Parse(0x1300, "Operation failed", w => w.Short(0x0001).Int(0).Int(1).Int(1).Byte(1)));

        Assert.Equal((CqlConsistency.One, 0, 1, 1, true), (error.Consistency, error.Received, error.BlockFor, error.Failures, error.DataPresent));
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public void Function_failure_reads_keyspace_function_and_argument_types()
    {
        var error = Assert.IsType<CqlFunctionFailureException>(
            Parse(0x1400, "execution of 'ks.fn[int, text]' failed", w => w.String("ks").String("fn").StringList("int", "text")));

        Assert.Equal(("ks", "fn"), (error.Keyspace, error.Function));
        Assert.Equal(["int", "text"], error.ArgumentTypes);
    }

    [Fact]
    public void Write_failure_reads_failures_and_write_type()
    {
        var error = Assert.IsType<CqlWriteFailureException>(
            Parse(0x1500, "Operation failed", w => w.Short(0x0005).Int(2).Int(3).Int(1).String("BATCH_LOG")));

        Assert.Equal(
            (CqlConsistency.All, 2, 3, 1, "BATCH_LOG"),
            (error.Consistency, error.Received, error.BlockFor, error.Failures, error.WriteType));
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public void Already_exists_reads_keyspace_and_an_empty_table_for_keyspaces()
    {
        var error = Assert.IsType<CqlAlreadyExistsException>(
            Parse(0x2400, "Cannot add existing keyspace \"jaeger\"", w => w.String("jaeger").String(string.Empty)));

        Assert.Equal(("jaeger", string.Empty), (error.Keyspace, error.Table));
    }

    [Fact]
    public void Unprepared_reads_the_unknown_id()
    {
        var error = Assert.IsType<CqlUnpreparedException>(Parse(0x2500, "Prepared query with ID 0102 not found", w => w.ShortBytes([1, 2])));

        Assert.Equal([1, 2], error.UnknownId);
        Assert.Equal(CqlErrorCode.Unprepared, error.Code);
    }

    [Theory]
    [InlineData("Keyspace 'jaeger_v1_dc1' does not exist")]
    [InlineData("Keyspace jaeger_v1_dc1 does not exist")]
    [InlineData("keyspace \"jaeger_v1_dc1\" does not exist")]
    public void Invalid_about_a_missing_keyspace_says_how_to_create_it(string serverMessage)
    {
        var error = Assert.IsType<CqlKeyspaceNotFoundException>(Parse(0x2200, serverMessage));

        Assert.Equal("jaeger_v1_dc1", error.Keyspace);
        Assert.Equal(CqlErrorCode.Invalid, error.Code);
        Assert.Equal(serverMessage, error.ServerMessage);
        Assert.StartsWith("keyspace 'jaeger_v1_dc1' does not exist; create it with the schema tool", error.Message, StringComparison.Ordinal);
        Assert.Contains(serverMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_missing_keyspace_hint_names_the_schema_command()
    {
        Assert.Contains("tracebackend cassandra-schema", new CqlClusterOptions().MissingKeyspaceHint, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_whose_extras_are_cut_short_is_a_protocol_error()
    {
        Assert.Throws<CqlProtocolException>(() => Parse(0x1000, "Cannot achieve consistency", w => w.Short(4).Int(2)));
    }

    private static CqlServerException Parse(int code, string message, Action<SpecWriter>? extra = null) =>
        Wire.Response<ErrorMessage>(Responses.Error, Responses.ErrorBody(code, message, extra)).Exception;
}
