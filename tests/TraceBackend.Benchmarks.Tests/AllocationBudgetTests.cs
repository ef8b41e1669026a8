namespace TraceBackend.Benchmarks.Tests;

/// <summary>
/// Each scenario's allocation per operation (or per span) must stay within benchmarks/allocation-budget.json.
/// A failure means a change made a hot path allocate more: fix the regression, or — if the extra allocation is
/// intended — re-measure and raise the budget in the same change, saying why.
/// </summary>
public sealed class AllocationBudgetTests
{
    private static readonly Lazy<AllocationBudget> s_budget = new(AllocationBudget.Load);

    // Keeps the meter test's array reachable so the JIT cannot elide the allocation.
    private static byte[]? s_sink;

    public static TheoryData<string> ScenarioNames => new(BudgetedScenario.All.Keys);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Scenario_allocates_within_budget(string name)
    {
        var scenario = BudgetedScenario.All[name];
        Assert.True(s_budget.Value.Entries.TryGetValue(name, out var budget), $"{AllocationBudget.FileName} has no entry '{name}'");
        Assert.Equal(scenario.Unit, budget.Unit);

        var perOperation = AllocationMeter.MedianBytesPerOperation(scenario.Run, scenario.Warmup, scenario.Iterations);
        var measured = (double)perOperation / scenario.Divisor;

        Assert.True(
            measured <= budget.MaxBytes,
            $"{name}: allocated {measured:F1} {budget.Unit}, budget {budget.MaxBytes} (measured {budget.Measured} when the budget was set). {budget.Comment}");
    }

    [Fact]
    public void Budget_file_covers_exactly_the_scenarios()
    {
        Assert.Equal(
            BudgetedScenario.All.Keys.Order(StringComparer.Ordinal),
            s_budget.Value.Entries.Keys.Order(StringComparer.Ordinal));
        foreach (var entry in s_budget.Value.Entries.Values)
        {
            Assert.True(entry.Measured > 0 && entry.Measured <= entry.MaxBytes, $"{entry.Name}: 0 < measured ≤ maxBytes");
            Assert.False(string.IsNullOrWhiteSpace(entry.Comment), $"{entry.Name}: comment");
        }
    }

    [Fact]
    public void Meter_counts_what_the_operation_allocates_on_this_thread()
    {
        var perOperation = AllocationMeter.MedianBytesPerOperation(static () => (s_sink = new byte[10_000]).Length, 2, 5);
        Assert.InRange(perOperation, 10_000, 10_200);

        var none = AllocationMeter.MedianBytesPerOperation(static () => 1, 2, 5);
        Assert.Equal(0, none);
    }
}
