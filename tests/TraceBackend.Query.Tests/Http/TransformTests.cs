using System.Text;
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
}
