using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;
using TraceBackend.Benchmarks.Columns;

// dotnet run -c Release --project benchmarks/TraceBackend.Benchmarks -- --filter '*' [--job short] [--inProcess] [--join]
//                                                                   -- cassandra-writes   (rows and requests per span)
// Times in microseconds so a joined table (--join) reads in one unit; per-span columns for span-handling benchmarks.
if (args is ["cassandra-writes", ..])
{
    TraceBackend.Benchmarks.Scenarios.CassandraWritesReport.Print(Console.Out);
    return;
}

var config = DefaultConfig.Instance
    .AddColumn(PerSpanColumn.Time, PerSpanColumn.Allocated)
    .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
    .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
