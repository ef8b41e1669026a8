using System.Net.Sockets;
using System.Text;
using TraceBackend.Query.V1;
using TraceBackend.Query.Tests.Support;

namespace TraceBackend.Query.Tests.Http;

public sealed class TransformTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    private async Task<QueryServer.Reply> PostAsync(string body) => await QueryServer.Reply.ReadAsync(await fixture.Server.Client.PostAsync(
        "/api/transform", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken));

    [Fact]
    public async Task Transforms_otlp_json_into_v1_traces_in_first_appearance_order()
    {
        var reply = await PostAsync("""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"frontend"}}]},
              "scopeSpans":[{"scope":{"name":"net/http"},"spans":[
                {"traceId":"000000000000000000f067aa0ba902b7","spanId":"0000000000000001","name":"a","kind":2,
                 "startTimeUnixNano":"1718000000000000000","endTimeUnixNano":"1718000000250000000","status":{"code":2}},
                {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"0000000000000002","name":"b"},
                {"traceId":"000000000000000000f067aa0ba902b7","spanId":"0000000000000003","parentSpanId":"0000000000000001","name":"c"}]}]}]}
            """);
        Assert.Equal(200, reply.Status);
        var data = reply.Json.GetProperty("data");
        Assert.Equal(["00f067aa0ba902b7", "4bf92f3577b34da6a3ce929d0e0e4736"], data.EnumerateArray().Select(t => t.GetProperty("traceID").GetString()));
        var first = data[0].GetProperty("spans");
        Assert.Equal(2, first.GetArrayLength());
        Assert.Equal(1_718_000_000_000_000L, first[0].GetProperty("startTime").GetInt64());
        Assert.Equal(250_000L, first[0].GetProperty("duration").GetInt64());
        Assert.Equal(["otel.scope.name", "span.kind", "otel.status_code", "error"], first[0].GetProperty("tags").Keys());
        Assert.Equal("frontend", data[0].GetProperty("processes").GetProperty("p1").GetProperty("serviceName").GetString());
    }

    [Fact]
    public async Task Malformed_bodies_are_400()
    {
        var reply = await PostAsync("{not json");
        Assert.Equal(400, reply.Status);
        Assert.StartsWith("cannot unmarshal OTLP : ", reply.Json.GetProperty("errors")[0].GetProperty("msg").GetString());
        var badId = await PostAsync("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\",\"spanId\":\"0000000000000001\"}]}]}]}");
        Assert.Equal(400, badId.Status);
        Assert.StartsWith("cannot unmarshal OTLP : ", badId.Json.GetProperty("errors")[0].GetProperty("msg").GetString());
        Assert.Contains("trace_id", badId.Json.GetProperty("errors")[0].GetProperty("msg").GetString());
    }

    private const string OneSpan = """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"big"}}]},
          "scopeSpans":[{"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"0000000000000001","name":"a"}]}]}]}
        """;

    [Fact]
    public async Task Bodies_above_the_servers_default_request_limit_are_accepted()
    {
        // Kestrel's global default is 30,000,000 bytes; the transform endpoint raises it for itself to the transform maximum.
        var body = new byte[31_000_000];
        var json = Encoding.UTF8.GetBytes(OneSpan);
        json.CopyTo(body, 0);
        body.AsSpan(json.Length).Fill((byte)' ');
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        var reply = await QueryServer.Reply.ReadAsync(await fixture.Server.Client.PostAsync("/api/transform", content, TestContext.Current.CancellationToken));
        Assert.True(reply.Status == 200, reply.Body);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", Assert.Single(reply.Json.GetProperty("data").EnumerateArray()).GetProperty("traceID").GetString());
    }

    [Fact]
    public async Task Bodies_declared_larger_than_the_maximum_are_400_without_being_read()
    {
        var address = fixture.Server.Client.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        var request = $"POST /api/transform HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {V1Api.MaxTransformBodyBytes + 1}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        var (status, body) = await ReadRawResponseAsync(stream);
        Assert.Equal("HTTP/1.1 400 Bad Request", status);
        V1ApiTests.AssertV1Error(
            new QueryServer.Reply(400, new("text/plain"), body, new HttpResponseMessage()),
            400,
            $"cannot unmarshal OTLP : body exceeds {V1Api.MaxTransformBodyBytes} bytes");
    }

    [Fact]
    public async Task Chunked_bodies_over_the_maximum_are_400()
    {
        var ct = TestContext.Current.CancellationToken;
        var address = fixture.Server.Client.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/transform HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"), ct);

        // The server answers as soon as the body passes the maximum, possibly while the rest is still being sent.
        var response = ReadRawResponseAsync(stream);
        var chunk = new byte[1024 * 1024];
        chunk.AsSpan().Fill((byte)' ');
        var header = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
        try
        {
            for (var sent = 0L; sent <= V1Api.MaxTransformBodyBytes && !response.IsCompleted; sent += chunk.Length)
            {
                await stream.WriteAsync(header, ct);
                await stream.WriteAsync(chunk, ct);
                await stream.WriteAsync("\r\n"u8.ToArray(), ct);
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), ct);
        }
        catch (IOException)
        {
            // The server may stop reading and close once it has answered.
        }

        var (status, body) = await response;
        Assert.Equal("HTTP/1.1 400 Bad Request", status);
        V1ApiTests.AssertV1Error(
            new QueryServer.Reply(400, new("text/plain"), body, new HttpResponseMessage()),
            400,
            $"cannot unmarshal OTLP : body exceeds {V1Api.MaxTransformBodyBytes} bytes");
    }

    /// <summary>Reads one HTTP/1.1 response with an ASCII body (length-delimited or chunked) from a raw connection.</summary>
    private static async Task<(string? StatusLine, string Body)> ReadRawResponseAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        var statusLine = await reader.ReadLineAsync(TestContext.Current.CancellationToken);
        var headers = new List<string>();
        string? line;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(TestContext.Current.CancellationToken)))
        {
            headers.Add(line);
        }

        // The error body is ASCII, so characters are bytes; it arrives either with a length or chunked.
        var ct = TestContext.Current.CancellationToken;
        var text = new System.Text.StringBuilder();
        if (headers.FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } lengthHeader)
        {
            var buffer = new char[int.Parse(lengthHeader["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
            await reader.ReadBlockAsync(buffer, ct);
            text.Append(buffer);
        }
        else
        {
            Assert.Contains("Transfer-Encoding: chunked", headers);
            int size;
            while ((size = Convert.ToInt32((await reader.ReadLineAsync(ct))!.Trim(), 16)) > 0)
            {
                var chunk = new char[size];
                await reader.ReadBlockAsync(chunk, ct);
                text.Append(chunk);
                await reader.ReadLineAsync(ct);
            }
        }

        return (statusLine, text.ToString());
    }
}
