using System.Text.RegularExpressions;

namespace TraceBackend.Host.Ui;

/// <summary>
/// Rewrites a Jaeger UI <c>index.html</c> the way Jaeger's static handler does: UI config, version, capability
/// placeholders and (old UI builds) the <c>&lt;base href="/"</c> tag. Placeholders that are absent are left alone,
/// so builds old and new are both served correctly.
/// </summary>
public static partial class UiIndexPatcher
{
    [GeneratedRegex(@"JAEGER_CONFIG *= *DEFAULT_CONFIG;")]
    private static partial Regex ConfigPlaceholder();

    [GeneratedRegex(@"// *JAEGER_CONFIG_JS[^\n]*\n[^\n]*")]
    private static partial Regex ConfigJsPlaceholder();

    public static string Patch(string html, UiInjection injection)
    {
        if (injection.ConfigJson is not null)
        {
            html = ConfigPlaceholder().Replace(html, _ => $"JAEGER_CONFIG = {injection.ConfigJson};", 1);
        }

        if (injection.ConfigScript is not null)
        {
            html = ConfigJsPlaceholder().Replace(html, _ => injection.ConfigScript, 1);
        }

        html = html.Replace("JAEGER_VERSION = DEFAULT_VERSION;", $"JAEGER_VERSION = {injection.VersionJson};", StringComparison.Ordinal);
        html = html.Replace(
            "JAEGER_STORAGE_CAPABILITIES = DEFAULT_STORAGE_CAPABILITIES;",
            $"JAEGER_STORAGE_CAPABILITIES = {injection.StorageCapabilitiesJson};",
            StringComparison.Ordinal);
        html = html.Replace(
            "JAEGER_BACKEND_CAPABILITIES = DEFAULT_BACKEND_CAPABILITIES;",
            $"JAEGER_BACKEND_CAPABILITIES = {injection.BackendCapabilitiesJson};",
            StringComparison.Ordinal);
        if (injection.BasePath.Length > 0)
        {
            html = html.Replace("<base href=\"/\"", $"<base href=\"{injection.BasePath}/\"", StringComparison.Ordinal);
        }

        return html;
    }
}
