using TraceBackend.Model;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Conformance;

public abstract partial class StorageConformanceTests
{
    [Fact]
    public async Task Dependencies_count_parent_child_calls_including_same_service_pairs()
    {
        Assert.SkipUnless(Capabilities.Dependencies, "backend does not compute dependencies from stored traces (ConformanceCapabilities.Dependencies = false)");
        // Rich: frontend→frontend, frontend→backend, backend→database, backend→backend, once each.
        var orphan = new TraceBuilder(Id64(302), At(20));
        var ms = TimeSpan.FromMilliseconds(1);
        var parentless = orphan.Span(Backend, "parent not stored", TimeSpan.Zero, 5 * ms).ChildOf(new SpanId(0xdead));
        orphan.Span(Database, "query", ms, ms).ChildOf(parentless).Kind(SpanKind.Client);
        await WriteAsync(Rich(Id64(300), At(0)), Rich(Id128(301), At(10)), orphan.Build());

        var links = await Store.GetDependenciesAsync(At(60), TimeSpan.FromHours(1), Ct);

        AssertLinks(
            [new(Backend, Backend, 2), new(Backend, Database, 3), new(Frontend, Backend, 2), new(Frontend, Frontend, 2)],
            links);
    }

    [Fact]
    public async Task Dependencies_honour_the_window_with_inclusive_bounds()
    {
        Assert.SkipUnless(Capabilities.Dependencies, "backend does not compute dependencies from stored traces (ConformanceCapabilities.Dependencies = false)");
        await WriteAsync(Rich(Id64(310), At(0)), Rich(Id64(311), At(-7200)));
        IReadOnlyList<DependencyLink> once = [new(Backend, Backend, 1), new(Backend, Database, 1), new(Frontend, Backend, 1), new(Frontend, Frontend, 1)];

        AssertLinks(once, await Store.GetDependenciesAsync(At(60), TimeSpan.FromHours(1), Ct));
        // A zero-length window exactly at the root span's start still holds that span.
        AssertLinks(once, await Store.GetDependenciesAsync(At(0), TimeSpan.Zero, Ct));
        // Ends one microsecond before trace 310 starts; trace 311 is far older.
        Assert.Empty(await Store.GetDependenciesAsync(At(0).AddTicks(-10), TimeSpan.FromSeconds(1), Ct));
    }

    [Fact]
    public async Task Dependencies_are_empty_when_no_trace_is_in_the_window()
    {
        Assert.SkipUnless(Capabilities.Dependencies, "backend does not compute dependencies from stored traces (ConformanceCapabilities.Dependencies = false)");
        Assert.Empty(await Store.GetDependenciesAsync(At(60), TimeSpan.FromHours(1), Ct));

        await WriteAsync(Rich(Id64(320), At(0)), Single(Id64(321), Frontend, "alone", At(5), TimeSpan.FromMilliseconds(1)));

        var none = await Store.GetDependenciesAsync(At(-600), TimeSpan.FromMinutes(5), Ct);
        Assert.NotNull(none);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Dependency_snapshots_are_read_back_summed_by_window_and_replaced_by_timestamp()
    {
        if (Store is not IDependencyWriter writer)
        {
            Assert.Skip("backend computes dependencies from spans and stores no snapshots (not an IDependencyWriter)");
            return;
        }

        await writer.WriteDependenciesAsync(At(0), [new(Frontend, Backend, 99)], Ct); // replaced below
        await writer.WriteDependenciesAsync(At(0), [new(Frontend, Backend, 3), new(Backend, Database, 5)], Ct);
        await writer.WriteDependenciesAsync(At(600), [new(Frontend, Backend, 4)], Ct);
        await writer.WriteDependenciesAsync(At(-7200), [new(Backend, Backend, 7)], Ct);
        await writer.WriteDependenciesAsync(At(1200), [], Ct);
        await AfterWriteAsync();

        AssertLinks([new(Backend, Database, 5), new(Frontend, Backend, 7)], await Store.GetDependenciesAsync(At(900), TimeSpan.FromHours(1), Ct));
        AssertLinks([new(Backend, Database, 5), new(Frontend, Backend, 3)], await Store.GetDependenciesAsync(At(300), TimeSpan.FromMinutes(10), Ct));
        AssertLinks([new(Backend, Backend, 7)], await Store.GetDependenciesAsync(At(-7000), TimeSpan.FromMinutes(10), Ct));
        Assert.Empty(await Store.GetDependenciesAsync(At(1300), TimeSpan.FromMinutes(3), Ct));
    }

    private static void AssertLinks(IReadOnlyList<DependencyLink> expected, IReadOnlyList<DependencyLink> actual)
    {
        static string Render(DependencyLink l) => $"{l.Parent}->{l.Child}:{l.CallCount}";
        Assert.Equal(expected.Select(Render).Order(StringComparer.Ordinal), actual.Select(Render).Order(StringComparer.Ordinal));
    }
}
