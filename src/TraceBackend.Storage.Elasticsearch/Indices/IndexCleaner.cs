using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>
/// <c>es-index-cleaner &lt;days&gt;</c>, after Jaeger's <c>cmd/es-index-cleaner</c>: lists
/// <c>&lt;prefix&gt;jaeger-*</c> and deletes the indices older than the cutoff
/// <c>(UTC midnight starting tomorrow) − days</c> (<see cref="DeletionCutoff"/>):
/// <list type="bullet">
/// <item>daily mode: <c>&lt;prefix&gt;jaeger-{span|service|dependencies|sampling}-YYYY-MM-DD[-HH]</c> whose named
/// UTC date (hour) lies before the cutoff, so with days = 3 on 2024-05-10 the indices of 05-08, 05-09 and
/// 05-10 stay and 05-07 goes (Jaeger compares creation dates, which a daily index shares with its name unless it
/// was created late);</item>
/// <item>rollover mode: <c>&lt;prefix&gt;jaeger-{…}-NNNNNN</c> created before the cutoff.</item>
/// </list>
/// Names of other prefixes, archive indices and the current write index of any <c>…-write</c> alias are never
/// deleted. Deletes go in batches <c>DELETE /a,b,c?master_timeout=…&amp;ignore_unavailable=true</c> of at most
/// 4000 characters of names (Jaeger's limit, under the 4 KiB HTTP line limit).
/// </summary>
public static class IndexCleaner
{
    private const int MaxNamesPerRequest = 4000;

    private static readonly string[] s_writeAliasFamilies = ["span", "service", "dependencies", "sampling", "span-archive"];

    /// <returns>Deleted index names, in name order.</returns>
    /// <exception cref="ElasticsearchException">Listing or a DELETE was answered with a non-2xx status (earlier batches stay deleted).</exception>
    public static async Task<IReadOnlyList<string>> CleanAsync(IElasticsearchTransport transport, ElasticsearchServerInfo server,
        ElasticsearchOptions options, IndexCleanerParameters parameters, CancellationToken cancellationToken)
    {
        _ = server; // same requests on every server version
        ArgumentOutOfRangeException.ThrowIfNegative(parameters.Days);
        var prefix = IndexAdminNames.For(options).Prefix;
        var cutoff = DeletionCutoff(parameters.Now ?? DateTimeOffset.UtcNow, parameters.Days);
        var indices = await JaegerIndexCatalog.ListAsync(transport, prefix, cancellationToken).ConfigureAwait(false);
        var doomed = SelectForDeletion(indices, prefix, cutoff, parameters.Rollover);

        var batch = new StringBuilder();
        var deleted = new List<string>();
        var pending = new List<string>();
        foreach (var name in doomed)
        {
            if (batch.Length > 0 && batch.Length + 1 + name.Length > MaxNamesPerRequest)
            {
                await DeleteAsync(transport, batch.ToString(), parameters.MasterTimeoutSeconds, cancellationToken).ConfigureAwait(false);
                deleted.AddRange(pending);
                batch.Clear();
                pending.Clear();
            }

            batch.Append(batch.Length == 0 ? "" : ",").Append(name);
            pending.Add(name);
        }

        if (pending.Count > 0)
        {
            await DeleteAsync(transport, batch.ToString(), parameters.MasterTimeoutSeconds, cancellationToken).ConfigureAwait(false);
            deleted.AddRange(pending);
        }

        return deleted;
    }

    /// <summary>Jaeger's cutoff (<c>cmd/es-index-cleaner/app/cutoff_time.go</c>): tomorrow 00:00 UTC minus <paramref name="days"/> days.</summary>
    public static DateTimeOffset DeletionCutoff(DateTimeOffset now, int days)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1 - days);
    }

    internal static List<string> SelectForDeletion(IReadOnlyList<JaegerIndex> indices, string prefix, DateTimeOffset cutoff, bool rollover)
    {
        var escaped = Regex.Escape(prefix);
        var pattern = rollover
            ? new Regex($"^{escaped}jaeger-(span|service|dependencies|sampling)-\\d{{6,}}$", RegexOptions.CultureInvariant)
            : new Regex($"^{escaped}jaeger-(span|service|dependencies|sampling)-(?<date>\\d{{4}}-\\d{{2}}-\\d{{2}})(-(?<hour>\\d{{2}}))?$", RegexOptions.CultureInvariant);
        var writeAliases = s_writeAliasFamilies.Select(family => $"{prefix}jaeger-{family}-write").ToArray();

        var doomed = new List<string>();
        foreach (var index in indices)
        {
            var match = pattern.Match(index.Name);
            if (!match.Success || writeAliases.Any(index.IsWriteIndexOf))
            {
                continue;
            }

            var age = rollover ? index.CreationTime : NamedTime(match);
            if (age is { } time && time < cutoff)
            {
                doomed.Add(index.Name);
            }
        }

        return doomed;
    }

    /// <summary>The UTC start of the day (or hour) a daily index is named after; null for an impossible date such as 2024-02-30.</summary>
    private static DateTimeOffset? NamedTime(Match match)
    {
        if (!DateTime.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day))
        {
            return null;
        }

        var hour = match.Groups["hour"].Success ? int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture) : 0;
        return hour > 23 ? null : new DateTimeOffset(day, TimeSpan.Zero).AddHours(hour);
    }

    private static async Task DeleteAsync(IElasticsearchTransport transport, string names, int masterTimeoutSeconds, CancellationToken cancellationToken)
    {
        var path = $"/{names}?master_timeout={masterTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}s&ignore_unavailable=true";
        var response = await transport.SendAsync(HttpMethod.Delete, path, cancellationToken: cancellationToken).ConfigureAwait(false);
        AdminResponses.EnsureSuccess(response, $"Deleting indices {names}");
    }
}
