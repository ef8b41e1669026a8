using TraceBackend.Query.Json;
using TraceBackend.Query.Tests.Support;

namespace TraceBackend.Query.Tests.Json;

public sealed class V1EnvelopeTests
{
    [Fact]
    public void Success_envelope_is_exact()
    {
        var text = JsonHelpers.RenderText(w =>
        {
            V1Envelope.WriteStart(w);
            w.WriteStartArray();
            w.WriteStringValue("a");
            w.WriteEndArray();
            V1Envelope.WriteEnd(w, 1);
        });
        Assert.Equal("{\"data\":[\"a\"],\"total\":1,\"limit\":0,\"offset\":0,\"errors\":null}", text);
    }

    [Fact]
    public void Error_envelope_is_exact()
    {
        var text = JsonHelpers.RenderText(w => V1Envelope.WriteError(w, 404, "trace not found"));
        Assert.Equal("{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}", text);
    }

    [Fact]
    public void Error_items_omit_zero_code_and_empty_trace_id()
    {
        var text = JsonHelpers.RenderText(w =>
        {
            V1Envelope.WriteStart(w);
            w.WriteStartArray();
            w.WriteEndArray();
            V1Envelope.WriteEnd(w, 0, [new V1Envelope.Error(0, "trace not found", "abc"), new V1Envelope.Error(0, "x")]);
        });
        Assert.Equal(
            "{\"data\":[],\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"msg\":\"trace not found\",\"traceID\":\"abc\"},{\"msg\":\"x\"}]}",
            text);
    }
}
