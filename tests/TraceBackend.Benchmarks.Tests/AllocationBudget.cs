using System.Text.Json;

namespace TraceBackend.Benchmarks.Tests;

/// <summary>
/// benchmarks/allocation-budget.json (copied next to the test assembly): per scenario the most bytes one
/// operation may allocate, in the entry's unit, with what was measured when the budget was set.
/// </summary>
internal sealed class AllocationBudget
{
    public const string FileName = "allocation-budget.json";

    private AllocationBudget(IReadOnlyDictionary<string, BudgetEntry> entries) => Entries = entries;

    public IReadOnlyDictionary<string, BudgetEntry> Entries { get; }

    public static AllocationBudget Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var entries = new Dictionary<string, BudgetEntry>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.GetProperty("budgets").EnumerateObject())
        {
            var value = property.Value;
            entries.Add(property.Name, new BudgetEntry(
                property.Name,
                value.GetProperty("maxBytes").GetInt64(),
                value.GetProperty("unit").GetString() ?? "",
                value.GetProperty("measured").GetInt64(),
                value.GetProperty("comment").GetString() ?? ""));
        }

        return new AllocationBudget(entries);
    }
}
