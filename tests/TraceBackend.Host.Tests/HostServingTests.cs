using System.Net;
using System.Text;
using TraceBackend.Host.Listeners;

namespace TraceBackend.Host.Tests;

public class HostServingTests
{
    [Fact]
    public async Task Each_port_serves_only_its_own_protocol()
    {
        await using var app = await LoopbackApp.StartAsync();
        var services = await app.Http.GetAsync(app.Url(ListenerNames.Query, "/api/services"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, services.StatusCode);

        var queryOnOtlp = await app.Http.GetAsync(app.Url(ListenerNames.OtlpHttp, "/api/services"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, queryOnOtlp.StatusCode);
        var metricsOnQuery = await app.Http.GetAsync(app.Url(ListenerNames.Query, "/api/metrics-nope"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, metricsOnQuery.StatusCode);

        using var otlpOnQuery = new StringContent("{}", Encoding.UTF8, "application/json");
        var posted = await app.Http.PostAsync(app.Url(ListenerNames.Query, "/v1/traces"), otlpOnQuery, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);

        using var otlp = new StringContent("{}", Encoding.UTF8, "application/json");
        var accepted = await app.Http.PostAsync(app.Url(ListenerNames.OtlpHttp, "/v1/traces"), otlp, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Admin_port_serves_health_and_prometheus_metrics()
    {
        await using var app = await LoopbackApp.StartAsync();
        var health = await app.Http.GetAsync(app.Url(ListenerNames.Admin, "/health"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"status\":\"Server available\"", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var metrics = await app.Http.GetAsync(app.Url(ListenerNames.Admin, "/metrics"), TestContext.Current.CancellationToken);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType!.MediaType);
        var text = await metrics.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("# TYPE tracebackend_receiver_accepted_spans_total counter", text);
        Assert.Contains("process_resident_memory_bytes ", text);
        Assert.Contains("tracebackend_build_info{version=", text);

        var gc = await app.Http.PostAsync(app.Url(ListenerNames.Admin, "/debug/gc"), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, gc.StatusCode);
        Assert.Matches("\"liveBytes\":[1-9][0-9]*", await gc.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Without_a_ui_folder_the_query_port_explains_how_to_add_one()
    {
        await using var app = await LoopbackApp.StartAsync();
        var page = await app.Http.GetAsync(app.Url(ListenerNames.Query, "/search"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("--ui-path", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Serves_a_jaeger_ui_build_under_a_base_path_with_injection_and_spa_fallback()
    {
        var ui = Directory.CreateTempSubdirectory("tb-ui-");
        try
        {
            Directory.CreateDirectory(Path.Combine(ui.FullName, "static"));
            File.WriteAllText(Path.Combine(ui.FullName, "index.html"),
                "<html><head><base href=\"/\" data-inject-target=\"BASE_URL\" /><script>const JAEGER_STORAGE_CAPABILITIES = DEFAULT_STORAGE_CAPABILITIES;JAEGER_BACKEND_CAPABILITIES = DEFAULT_BACKEND_CAPABILITIES;</script></head></html>");
            File.WriteAllText(Path.Combine(ui.FullName, "static", "app-1234.js"), "console.log('ui');");
            File.WriteAllBytes(Path.Combine(ui.FullName, "favicon.ico"), [0, 0, 1, 0]);

            // A trailing slash on --ui-path (common in containers) must not break asset serving.
            await using var app = await LoopbackApp.StartAsync("--ui-path", ui.FullName + "/", "--query-base-path", "/jaeger");
            foreach (var route in new[] { "/jaeger/", "/jaeger/search", "/jaeger/trace/4bf92f3577b34da6a3ce929d0e0e4736", "/jaeger/dependencies" })
            {
                var page = await app.Http.GetAsync(app.Url(ListenerNames.Query, route), TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
                Assert.Contains("no-cache", page.Headers.CacheControl!.ToString());
                var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.Contains("<base href=\"/jaeger/\"", html);
                Assert.Contains("\"searchWithoutServiceName\":true", html);
                Assert.DoesNotContain("DEFAULT_STORAGE_CAPABILITIES", html);
            }

            var script = await app.Http.GetAsync(app.Url(ListenerNames.Query, "/jaeger/static/app-1234.js"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("console.log('ui');", await script.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Contains("immutable", script.Headers.CacheControl!.ToString());

            var favicon = await app.Http.GetAsync(app.Url(ListenerNames.Query, "/jaeger/favicon.ico"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, favicon.StatusCode);
            Assert.Equal(4, (await favicon.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length);

            var missingAsset = await app.Http.GetAsync(app.Url(ListenerNames.Query, "/jaeger/static/nope.js"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, missingAsset.StatusCode);
            var traversal = await app.Http.GetAsync(app.Url(ListenerNames.Query, "/jaeger/static/..%2F..%2Fetc%2Fpasswd"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);

            var api = await app.Http.GetAsync(app.Url(ListenerNames.Query, "/jaeger/api/services"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
            var unknownApi = await app.Http.GetAsync(app.Url(ListenerNames.Query, "/jaeger/api/nope"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, unknownApi.StatusCode);
            Assert.DoesNotContain("<html", await unknownApi.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            ui.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Demo_traffic_fills_services_traces_and_dependencies_within_seconds()
    {
        await using var app = await LoopbackApp.StartAsync("--demo");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string services;
        do
        {
            services = await app.Http.GetStringAsync(app.Url(ListenerNames.Query, "/api/services"), TestContext.Current.CancellationToken);
            if (services.Contains("\"route\"") && services.Contains("\"redis\""))
            {
                break;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        foreach (var service in new[] { "frontend", "customer", "driver", "route", "mysql", "redis" })
        {
            Assert.Contains($"\"{service}\"", services);
        }

        var traces = await app.Http.GetStringAsync(app.Url(ListenerNames.Query, "/api/traces?service=frontend&limit=5"), TestContext.Current.CancellationToken);
        Assert.Contains("\"operationName\"", traces);
        var dependencies = await app.Http.GetStringAsync(app.Url(ListenerNames.Query, "/api/dependencies"), TestContext.Current.CancellationToken);
        Assert.Contains("\"parent\":\"frontend\"", dependencies);
        var metrics = await app.Http.GetStringAsync(app.Url(ListenerNames.Admin, "/metrics"), TestContext.Current.CancellationToken);
        Assert.Matches("tracebackend_receiver_accepted_spans_total\\{transport=\"internal\"\\} [1-9]", metrics);
    }
}
