using TraceBackend.Host.Ui;

namespace TraceBackend.Host.Tests;

public class UiIndexPatcherTests
{
    private const string Index = """
        <html><head><base href="/" data-inject-target="BASE_URL" />
        <script>
        // JAEGER_CONFIG_JS
        // the line after it is replaced too
        const JAEGER_CONFIG = DEFAULT_CONFIG;
        const JAEGER_VERSION = DEFAULT_VERSION;
        const JAEGER_STORAGE_CAPABILITIES = DEFAULT_STORAGE_CAPABILITIES;
        const JAEGER_BACKEND_CAPABILITIES = DEFAULT_BACKEND_CAPABILITIES;
        </script></head></html>
        """;

    private static readonly UiInjection s_injection = new(
        """{"dependencies":{"menuEnabled":true}}""",
        null,
        """{"gitVersion":"v1"}""",
        """{"archiveStorage":false,"metricsStorage":false}""",
        """{"archiveStorage":false,"metricsStorage":false,"searchWithoutServiceName":true,"aiAssistant":false}""",
        "/jaeger");

    [Fact]
    public void Replaces_every_placeholder_and_the_base_href()
    {
        var html = UiIndexPatcher.Patch(Index, s_injection);
        Assert.Contains("""const JAEGER_CONFIG = {"dependencies":{"menuEnabled":true}};""", html);
        Assert.Contains("""JAEGER_VERSION = {"gitVersion":"v1"};""", html);
        Assert.Contains("""JAEGER_STORAGE_CAPABILITIES = {"archiveStorage":false,"metricsStorage":false};""", html);
        Assert.Contains("\"searchWithoutServiceName\":true", html);
        Assert.Contains("""<base href="/jaeger/" data-inject-target="BASE_URL" />""", html);
        Assert.DoesNotContain("DEFAULT_", html);
    }

    [Fact]
    public void Js_config_replaces_the_marker_and_the_next_line()
    {
        var html = UiIndexPatcher.Patch(Index, s_injection with { ConfigJson = null, ConfigScript = "function UIConfig() { return {}; }", BasePath = "" });
        Assert.Contains("function UIConfig() { return {}; }", html);
        Assert.DoesNotContain("// JAEGER_CONFIG_JS", html);
        Assert.DoesNotContain("the line after it", html);
        Assert.Contains("JAEGER_CONFIG = DEFAULT_CONFIG;", html);
        Assert.Contains("<base href=\"/\"", html);
    }

    [Fact]
    public void New_ui_builds_without_base_tag_or_old_placeholders_are_left_alone()
    {
        const string modern = "<html><script>JAEGER_BACKEND_CAPABILITIES = DEFAULT_BACKEND_CAPABILITIES;</script></html>";
        var html = UiIndexPatcher.Patch(modern, s_injection);
        Assert.Equal("<html><script>JAEGER_BACKEND_CAPABILITIES = " + s_injection.BackendCapabilitiesJson + ";</script></html>", html);
    }
}
