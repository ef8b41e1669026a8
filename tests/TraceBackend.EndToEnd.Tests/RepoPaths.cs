namespace TraceBackend.EndToEnd.Tests;

/// <summary>Locations in the checkout, found from the test assembly's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration this test assembly was built in.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string JsClients => Path.Combine(Root, "tests", "js");

    public static string BackendDll => Path.Combine(Root, "src", "TraceBackend", "bin", Configuration, "net10.0", "tracebackend.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TraceBackend.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"TraceBackend.sln not found above {AppContext.BaseDirectory}");
    }
}
