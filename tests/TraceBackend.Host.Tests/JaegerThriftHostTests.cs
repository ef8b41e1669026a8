using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using TraceBackend.Host.Listeners;
using TraceBackend.Host.Options;

namespace TraceBackend.Host.Tests;

public class JaegerThriftHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A binary-protocol Thrift <c>Batch</c> with one span, written byte by byte from the IDL field ids.</summary>
    private static byte[] BinaryBatch(string service, long traceLow, long spanId)
    {
        var b = new List<byte>();
        void Field(byte type, short id) { b.Add(type); b.Add((byte)(id >> 8)); b.Add((byte)id); }
        void I32(int v) { var x = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(x, v); b.AddRange(x); }
        void I64(long v) { var x = new byte[8]; BinaryPrimitives.WriteInt64BigEndian(x, v); b.AddRange(x); }
        void Str(string s) { I32(Encoding.UTF8.GetByteCount(s)); b.AddRange(Encoding.UTF8.GetBytes(s)); }

        Field(12, 1);                       // process
        Field(11, 1); Str(service);         //   serviceName
        b.Add(0);
        Field(15, 2); b.Add(12); I32(1);    // spans: list<struct> of 1
        Field(10, 1); I64(traceLow);        //   traceIdLow
        Field(10, 2); I64(0);               //   traceIdHigh
        Field(10, 3); I64(spanId);          //   spanId
        Field(10, 4); I64(0);               //   parentSpanId
        Field(11, 5); Str("thrift-op");     //   operationName
        Field(8, 7); I32(1);                //   flags
        Field(10, 8); I64(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        Field(10, 9); I64(1500);            //   duration µs
        b.Add(0);
        b.Add(0);
        return [.. b];
    }

    /// <summary>A strict binary <c>Agent.emitBatch</c> ONEWAY message around <see cref="BinaryBatch"/>.</summary>
    private static byte[] BinaryEmitBatch(string service, long traceLow, long spanId)
    {
        byte[] header = [0x80, 0x01, 0x00, 0x04, 0, 0, 0, 9, .. "emitBatch"u8, 0, 0, 0, 0, 12, 0, 1];
        return [.. header, .. BinaryBatch(service, traceLow, spanId), 0];
    }

    private static async Task<bool> TraceExistsAsync(LoopbackApp app, long traceLow)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await app.Http.GetAsync(app.Url(ListenerNames.Query, $"/api/traces/{traceLow:x32}"), Ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            await Task.Delay(50, Ct);
        }

        return false;
    }

    [Fact]
    public async Task Thrift_http_and_agent_udp_ports_ingest_and_are_listed()
    {
        await using var app = await LoopbackApp.StartAsync();
        Assert.NotEqual(0, app.App.Endpoints[ListenerNames.JaegerThriftHttp].Port);
        var compact = app.App.Endpoints[ListenerNames.JaegerAgentCompact];
        var binary = app.App.Endpoints[ListenerNames.JaegerAgentBinary];
        Assert.NotEqual(0, compact.Port);
        Assert.NotEqual(0, binary.Port);
        Assert.Contains("udp://127.0.0.1:" + binary.Port, TraceBackendProgram.DescribeEndpoints(app.App));

        using var body = new ByteArrayContent(BinaryBatch("thrift-http", 0x1234, 7));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-thrift");
        using var accepted = await app.Http.PostAsync(app.Url(ListenerNames.JaegerThriftHttp, "/api/traces"), body, Ct);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.True(await TraceExistsAsync(app, 0x1234));

        // The query port's /api/traces is the query API, not the Thrift collector.
        using var onQuery = new ByteArrayContent(BinaryBatch("thrift-http", 0x1235, 7));
        onQuery.Headers.ContentType = new MediaTypeHeaderValue("application/x-thrift");
        using var refused = await app.Http.PostAsync(app.Url(ListenerNames.Query, "/api/traces"), onQuery, Ct);
        Assert.NotEqual(HttpStatusCode.Accepted, refused.StatusCode);

        using var udp = new UdpClient(AddressFamily.InterNetwork);
        await udp.SendAsync(BinaryEmitBatch("thrift-udp", 0x5678, 8), binary, Ct);
        Assert.True(await TraceExistsAsync(app, 0x5678));
    }

    [Fact]
    public async Task Disabled_thrift_inputs_have_no_listeners()
    {
        await using var app = await LoopbackApp.StartAsync("--jaeger-thrift-http-enabled", "false", "--jaeger-agent-enabled", "false");
        Assert.False(app.App.Endpoints.ContainsKey(ListenerNames.JaegerThriftHttp));
        Assert.False(app.App.Endpoints.ContainsKey(ListenerNames.JaegerAgentCompact));
        Assert.False(app.App.Endpoints.ContainsKey(ListenerNames.JaegerAgentBinary));
    }

    [Fact]
    public void Agent_flags_parse_and_are_validated()
    {
        var options = OptionsParser.Parse(["--jaeger-agent-compact", "127.0.0.1:7831", "--jaeger-agent-binary", ":7832", "--jaeger-agent-receive-buffer-bytes", "65536", "--jaeger-thrift-http", ":15268"]);
        Assert.Equal(new ListenAddress(IPAddress.Loopback, 7831), options.JaegerAgentCompact);
        Assert.Equal(new ListenAddress(IPAddress.Any, 7832), options.JaegerAgentBinary);
        Assert.Equal(65536, options.JaegerAgentReceiveBufferBytes);
        Assert.Equal(15268, options.JaegerThriftHttp.Port);
        var defaults = OptionsParser.Parse([]);
        Assert.Equal((6831, 6832, 14268, true, true), (defaults.JaegerAgentCompact.Port, defaults.JaegerAgentBinary.Port, defaults.JaegerThriftHttp.Port, defaults.JaegerAgentEnabled, defaults.JaegerThriftHttpEnabled));
        Assert.StartsWith("--jaeger-agent-receive-buffer-bytes: '100' is not an integer from 1024 to 1073741824",
            Assert.Throws<OptionsException>(() => OptionsParser.Parse(["--jaeger-agent-receive-buffer-bytes", "100"])).Message);
    }
}
