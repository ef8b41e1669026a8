using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Indices;

public static partial class IndexRollover
{
    /// <summary>
    /// <c>lookback</c>: removes from each <c>…-read</c> alias the indices created before
    /// <see cref="LookbackReference"/> (<c>parameters.Unit</c> × <c>parameters.UnitCount</c> back from
    /// <c>parameters.Now</c>), never the current write index; one <c>POST _aliases</c> with all removals, none when
    /// nothing is old enough. The indices themselves stay (es-index-cleaner deletes them).
    /// </summary>
    /// <returns>The removed (alias, index) pairs.</returns>
    public static async Task<IReadOnlyList<AliasChange>> LookbackAsync(IElasticsearchTransport transport, ElasticsearchServerInfo server,
        ElasticsearchOptions options, RolloverParameters parameters, CancellationToken cancellationToken)
    {
        _ = server;
        ArgumentOutOfRangeException.ThrowIfNegative(parameters.UnitCount);
        var sets = RolloverIndexSet.For(options, parameters.SkipDependencies);
        var reference = LookbackReference(parameters.Now ?? DateTimeOffset.UtcNow, parameters.Unit, parameters.UnitCount);
        var indices = await JaegerIndexCatalog.ListAsync(transport, IndexAdminNames.For(options).Prefix, cancellationToken).ConfigureAwait(false);

        var removals = new List<AliasChange>();
        foreach (var set in sets)
        {
            removals.AddRange(indices
                .Where(index => index.HasAlias(set.ReadAlias) && !index.IsWriteIndexOf(set.WriteAlias) && index.CreationTime < reference)
                .Select(index => new AliasChange(set.ReadAlias, index.Name)));
        }

        await AliasActions.RemoveAsync(transport, removals, cancellationToken).ConfigureAwait(false);
        return removals;
    }

    /// <summary>
    /// Jaeger's time reference (<c>cmd/es-rollover/app/lookback/time_reference.go</c>), in UTC: seconds, minutes and
    /// hours count back from now truncated to the unit; days and weeks from tomorrow 00:00; months and years from
    /// today 00:00 by calendar.
    /// </summary>
    public static DateTimeOffset LookbackReference(DateTimeOffset now, LookbackUnit unit, int unitCount)
    {
        var utc = now.ToUniversalTime();
        var today = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        return unit switch
        {
            LookbackUnit.Seconds => Truncate(utc, TimeSpan.TicksPerSecond).AddSeconds(-unitCount),
            LookbackUnit.Minutes => Truncate(utc, TimeSpan.TicksPerMinute).AddMinutes(-unitCount),
            LookbackUnit.Hours => Truncate(utc, TimeSpan.TicksPerHour).AddHours(-unitCount),
            LookbackUnit.Days => today.AddDays(1 - unitCount),
            LookbackUnit.Weeks => today.AddDays(1 - (7L * unitCount)),
            LookbackUnit.Months => today.AddMonths(-unitCount),
            LookbackUnit.Years => today.AddYears(-unitCount),
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
        };
    }

    private static DateTimeOffset Truncate(DateTimeOffset time, long ticks) => new(time.Ticks - (time.Ticks % ticks), TimeSpan.Zero);
}
