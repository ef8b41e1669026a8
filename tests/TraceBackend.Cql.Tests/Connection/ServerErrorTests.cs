using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Connection;

/// <summary>Every ERROR code sent by a server reaches the caller as its typed exception, and the connection stays usable.</summary>
public sealed class ServerErrorTests
{
    public static TheoryData<int, Type, bool> Codes => new()
    {
        { 0x0000, typeof(CqlServerException), false },
        { 0x000A, typeof(CqlServerException), false },
        { 0x0100, typeof(CqlAuthenticationException), false },
        { 0x1000, typeof(CqlUnavailableException), true },
        { 0x1001, typeof(CqlServerException), true },
        { 0x1002, typeof(CqlServerException), true },
        { 0x1003, typeof(CqlServerException), false },
        { 0x1100, typeof(CqlWriteTimeoutException), true },
        { 0x1200, typeof(CqlReadTimeoutException), true },
        { 0x1300, typeof(CqlReadFailureException), false },
        { 0x1400, typeof(CqlFunctionFailureException), false },
        { 0x1500, typeof(CqlWriteFailureException), false },
        { 0x2000, typeof(CqlServerException), false },
        { 0x2100, typeof(CqlServerException), false },
        { 0x2200, typeof(CqlServerException), false },
        { 0x2300, typeof(CqlServerException), false },
        { 0x2400, typeof(CqlAlreadyExistsException), false },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Error_codes_map_to_typed_exceptions_carrying_code_and_message(int code, Type expectedType, bool retryable)
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        server.Handler = async request =>
        {
            if (request.Opcode == FakeRequest.Query && request.Cql == "FAIL")
            {
                await request.ReplyAsync(Responses.Error, Responses.ErrorBody(code, $"server says {code:X4}", w => Extras(code, w)));
                return true;
            }

            return false;
        };
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        var error = await Assert.ThrowsAnyAsync<CqlServerException>(() => cluster.QueryAsync("FAIL", ct: cts.Token));

        Assert.Equal(expectedType, error.GetType());
        Assert.Equal((CqlErrorCode)code, error.Code);
        Assert.Equal($"server says {code:X4}", error.ServerMessage);
        Assert.Equal(server.Address, error.Host);
        Assert.Equal(retryable, error.IsRetryable);
        Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync("SELECT 1", ct: cts.Token)).Kind);
    }

    [Fact]
    public async Task Unprepared_for_an_unprepared_query_surfaces_when_preparing_again_does_not_help()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        server.Define("SELECT 1", [7], []);
        server.Handler = async request =>
        {
            if (request.Opcode == FakeRequest.Execute)
            {
                await request.ReplyAsync(Responses.Error, Responses.ErrorBody(0x2500, "still unknown", w => w.ShortBytes([7])));
                return true;
            }

            return false;
        };
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var statement = await cluster.PrepareAsync("SELECT 1", cts.Token);

        var error = await Assert.ThrowsAsync<CqlUnpreparedException>(() => cluster.ExecuteAsync(statement, [], ct: cts.Token));

        Assert.Equal([7], error.UnknownId);
        Assert.Equal(2, server.RequestsWith(FakeRequest.Execute).Count());
        Assert.Equal(2, server.RequestsWith(FakeRequest.Prepare).Count());
    }

    private static void Extras(int code, SpecWriter writer)
    {
        switch (code)
        {
            case 0x1000: writer.Short(4).Int(3).Int(1); break;
            case 0x1100: writer.Short(10).Int(0).Int(1).String("SIMPLE"); break;
            case 0x1200: writer.Short(10).Int(0).Int(1).Byte(0); break;
            case 0x1300: writer.Short(10).Int(0).Int(1).Int(1).Byte(0); break;
            case 0x1400: writer.String("ks").String("fn").StringList("int"); break;
            case 0x1500: writer.Short(10).Int(0).Int(1).Int(1).String("BATCH"); break;
            case 0x2400: writer.String("ks").String("t"); break;
        }
    }
}
