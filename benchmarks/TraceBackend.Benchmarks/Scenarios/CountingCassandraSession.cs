using System.Runtime.CompilerServices;
using TraceBackend.Storage.Cassandra.Session;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// An <see cref="ICassandraSession"/> that answers at once and counts what a store sends: requests (one per EXECUTE
/// or BATCH, i.e. network round trips) and rows (one per INSERT statement), per table. Thread-safe.
/// </summary>
public sealed class CountingCassandraSession : ICassandraSession
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _rowsByTable = [];
    private long _requests;
    private long _rows;

    public long Requests => Volatile.Read(ref _requests);

    public long Rows => Volatile.Read(ref _rows);

    public IReadOnlyDictionary<string, long> RowsByTable
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_rowsByTable);
            }
        }
    }

    public ValueTask ExecuteAsync(CassandraStatement statement, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        Count(statement);
        return default;
    }

    public ValueTask ExecuteBatchAsync(IReadOnlyList<CassandraStatement> statements, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        foreach (var statement in statements)
        {
            Count(statement);
        }

        return default;
    }

    public async IAsyncEnumerable<IReadOnlyList<object?>> QueryAsync(CassandraStatement statement, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public ValueTask ExecuteSchemaAsync(string cql, CancellationToken cancellationToken = default) => default;

    public void Reset()
    {
        lock (_gate)
        {
            _rowsByTable.Clear();
            _requests = 0;
            _rows = 0;
        }
    }

    private void Count(CassandraStatement statement)
    {
        Interlocked.Increment(ref _rows);
        var table = TableOf(statement.Cql);
        lock (_gate)
        {
            _rowsByTable[table] = _rowsByTable.GetValueOrDefault(table) + 1;
        }
    }

    /// <summary>The table of an INSERT (<c>INSERT INTO ks.table (…)</c>), without the keyspace.</summary>
    private static string TableOf(string cql)
    {
        const string Insert = "INSERT INTO ";
        var start = cql.IndexOf(Insert, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return "(other)";
        }

        start += Insert.Length;
        var end = cql.IndexOfAny([' ', '('], start);
        var name = end < 0 ? cql[start..] : cql[start..end];
        var dot = name.LastIndexOf('.');
        return dot < 0 ? name : name[(dot + 1)..];
    }
}
