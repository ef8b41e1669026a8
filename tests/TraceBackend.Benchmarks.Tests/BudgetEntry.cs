namespace TraceBackend.Benchmarks.Tests;

/// <summary>
/// One budget of allocation-budget.json: at most <see cref="MaxBytes"/> in <see cref="Unit"/>;
/// <see cref="Measured"/> is what the scenario allocated when the budget was set.
/// </summary>
internal sealed record BudgetEntry(string Name, long MaxBytes, string Unit, long Measured, string Comment);
