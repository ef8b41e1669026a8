using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TraceBackend.Model;
using TraceBackend.Query.ApiV3;
using TraceBackend.Query.Tests.Support;
using TraceBackend.Storage;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Http;

/// <summary>Large <c>/api/v3/traces</c> results reach the client in pieces instead of one buffered body.</summary>
public sealed class V3StreamingTests
{
    private const int Services = 30;
    private const int SpansPerService = 10;

    [Fact]
    public async Task Large_search_results_are_flushed_while_being_written()
    {
        var store = new ListTraceStore();
        var now = DateTimeOffset.UtcNow;
        ImmutableArray<KeyValue> payload = [Str("payload", new string('x', 4096))];
        for (var s = 0; s < Services; s++)
        {
            var resource = Resource("svc-" + s);
            var spans = Enumerable.Range(0, SpansPerService).Select(i => Span(
                new TraceId(9, (ulong)s + 1), (ulong)i + 1, resource, startNanos: UnixTime.ToNanos(now.AddMinutes(-1 - s)), attributes: payload));
            await store.WriteAsync([.. spans], TestContext.Current.CancellationToken);
        }

        var services = new ServiceCollection()
            .AddSingleton<ITraceStore>(store)
            .AddSingleton<ITraceReader>(store)
            .AddSingleton<IDependencyReader>(store)
            .AddTraceBackendQuery(new QueryOptions())
            .BuildServiceProvider();
        var api = services.GetRequiredService<V3Api>();
        var body = new FlushRecordingStream();
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        context.Request.QueryString = QueryString.Create(new Dictionary<string, string?>
        {
            ["query.startTimeMin"] = now.AddHours(-1).ToString("O"),
            ["query.startTimeMax"] = now.ToString("O"),
            ["query.searchDepth"] = "1000",
        });

        await api.FindTraces(context);

        Assert.Equal(200, context.Response.StatusCode);
        var total = body.Length;
        Assert.True(total > 1_000_000, $"body is only {total} bytes");
        Assert.True(body.FlushLengths.Count >= 5, $"flushes at [{string.Join(", ", body.FlushLengths)}] of {total}");
        Assert.True(body.FlushLengths[0] < total / 4, $"first flush at {body.FlushLengths[0]} of {total}");
        Assert.Equal(total, body.FlushLengths[^1]);

        using var json = JsonDocument.Parse(body.ToArray());
        var resourceSpans = json.RootElement.GetProperty("result").GetProperty("resourceSpans");
        Assert.Equal(Services, resourceSpans.GetArrayLength());
        Assert.All(resourceSpans.EnumerateArray(), rs => Assert.Equal(SpansPerService, rs.GetProperty("scopeSpans")[0].GetProperty("spans").GetArrayLength()));
    }
}
