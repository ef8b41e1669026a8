using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace TraceBackend.Benchmarks.Columns;

/// <summary>
/// Mean time or allocated bytes per span, for benchmarks marked with <see cref="SpansPerOperationAttribute"/>;
/// "-" for the others.
/// </summary>
public sealed class PerSpanColumn : IColumn
{
    public static readonly PerSpanColumn Time = new(isTime: true);
    public static readonly PerSpanColumn Allocated = new(isTime: false);

    private readonly bool _isTime;

    private PerSpanColumn(bool isTime) => _isTime = isTime;

    public string Id => _isTime ? "MeanPerSpan" : "AllocatedPerSpan";

    public string ColumnName => _isTime ? "Mean/span" : "Alloc/span";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _isTime ? 0 : 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _isTime
        ? "Mean time per span handled (Mean / spans per operation)"
        : "Managed memory allocated per span handled (Allocated / spans per operation)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var spans = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<SpansPerOperationAttribute>()?.Spans ?? 0;
        var report = summary[benchmarkCase];
        if (spans <= 0 || report is null)
        {
            return "-";
        }

        if (_isTime)
        {
            return report.ResultStatistics is { } stats
                ? (stats.Mean / spans).ToString("N1", CultureInfo.InvariantCulture) + " ns"
                : "-";
        }

        return report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes
            ? ((double)bytes / spans).ToString("N1", CultureInfo.InvariantCulture) + " B"
            : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
