using System.Globalization;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// Rows written and CQL requests sent per span by the Cassandra store for HotROD traffic (20 000 spans in 500-span
/// batches, fresh write cache), per table: the writes-per-span figure of docs/benchmarks.md.
/// </summary>
public static class CassandraWritesReport
{
    public static void Print(TextWriter output)
    {
        var scenario = new CassandraWriteScenario();
        scenario.Run();
        var spans = (double)scenario.SpanCount;
        var session = scenario.Session;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario.SpanCount} HotROD spans in {CassandraWriteScenario.BatchSpans}-span writes"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows per span      {session.Rows / spans:0.00}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"requests per span  {session.Requests / spans:0.000}  (EXECUTE or single-partition UNLOGGED BATCH)"));
        foreach (var (table, rows) in session.RowsByTable.OrderByDescending(t => t.Value))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table,-26} {rows / spans:0.00} rows/span"));
        }
    }
}
