using System.Diagnostics;
using TraceBackend.Cql.Internal;
using TraceBackend.Cql.Internal.BackendMessages;
using TraceBackend.Cql.Internal.Connections;
using TraceBackend.Cql.Internal.FrontendMessages;

namespace TraceBackend.Cql;

/// <summary>Schema agreement of <see cref="CqlCluster"/>.</summary>
public sealed partial class CqlCluster
{
    internal const string LocalSchemaQuery = "SELECT schema_version FROM system.local WHERE key='local'";
    internal const string PeersSchemaQuery = "SELECT peer, schema_version FROM system.peers";

    private static readonly TimeSpan s_schemaPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Waits until one host's <c>system.local</c> and every row of its <c>system.peers</c> report the same
    /// <c>schema_version</c> (run after DDL, before using the new schema). Returns false when they still differ after
    /// <paramref name="timeout"/> (a poll that times out counts as disagreement). Other request failures propagate.
    /// </summary>
    public async Task<bool> WaitForSchemaAgreementAsync(TimeSpan timeout, CancellationToken ct)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            var remaining = timeout - elapsed.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            IReadOnlyCollection<Guid> versions;
            try
            {
                versions = await RunAsync(ReadSchemaVersionsAsync, Min(remaining, _options.RequestTimeout), ct).ConfigureAwait(false);
            }
            catch (CqlRequestTimeoutException)
            {
                // A poll that got no reply in time is "not agreed yet"; the loop ends at the overall timeout.
                continue;
            }

            if (versions.Count <= 1)
            {
                return true;
            }

            Log.SchemaDisagreement(_logger, string.Join(", ", versions));
            var pause = Min(s_schemaPollInterval, timeout - elapsed.Elapsed);
            if (pause <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.Delay(pause, ct).ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyCollection<Guid>> ReadSchemaVersionsAsync(CqlConnection connection, CancellationToken ct)
    {
        var parameters = new QueryParameters(CqlConsistency.One);
        var versions = new HashSet<Guid>();
        foreach (var query in new[] { LocalSchemaQuery, PeersSchemaQuery })
        {
            if (await connection.RequestAsync(new QueryMessage(query, parameters), ct).ConfigureAwait(false) is RowsResult rows)
            {
                var column = IndexOf(rows.Columns, "schema_version");
                foreach (var row in rows.Rows)
                {
                    if (column >= 0 && row[column] is Guid version)
                    {
                        versions.Add(version);
                    }
                }
            }
        }

        return versions;
    }

    private static int IndexOf(IReadOnlyList<CqlColumn> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
