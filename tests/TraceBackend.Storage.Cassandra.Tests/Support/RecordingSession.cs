using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using TraceBackend.Storage.Cassandra.Session;

namespace TraceBackend.Storage.Cassandra.Tests.Support;

/// <summary>
/// An <see cref="ICassandraSession"/> that records every request, answers SELECTs from <see cref="Rows"/>, can fail
/// executes (<see cref="ExecuteFault"/>) and hold them (<see cref="ExecuteGate"/>), and tracks how many executes were
/// in flight at once. Thread-safe.
/// </summary>
internal sealed class RecordingSession : ICassandraSession
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _executeCalls;
    private int _inFlight;
    private int _maxInFlight;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Rows returned for a SELECT; default none.</summary>
    public Func<CassandraStatement, IReadOnlyList<IReadOnlyList<object?>>> Rows { get; set; } = static _ => [];

    /// <summary>Given the 1-based number of an execute (single or batch), the exception to fail it with, or null.</summary>
    public Func<int, Exception?>? ExecuteFault { get; set; }

    /// <summary>Awaited by every execute before it completes.</summary>
    public Func<CancellationToken, Task>? ExecuteGate { get; set; }

    public int ExecuteCalls => Volatile.Read(ref _executeCalls);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Every statement executed, batches flattened, in arrival order.</summary>
    public IReadOnlyList<CassandraStatement> ExecutedStatements => [.. _requests.Where(r => r.Kind is "execute" or "batch").SelectMany(r => r.Statements)];

    public IReadOnlyList<CassandraStatement> Queries => [.. _requests.Where(r => r.Kind == "query").SelectMany(r => r.Statements)];

    public ValueTask ExecuteAsync(CassandraStatement statement, CancellationToken cancellationToken = default) =>
        RunExecuteAsync("execute", [statement], cancellationToken);

    public ValueTask ExecuteBatchAsync(IReadOnlyList<CassandraStatement> statements, CancellationToken cancellationToken = default) =>
        RunExecuteAsync("batch", statements, cancellationToken);

    public async IAsyncEnumerable<IReadOnlyList<object?>> QueryAsync(CassandraStatement statement, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _requests.Enqueue(new RecordedRequest("query", [statement]));
        await Task.Yield();
        foreach (var row in Rows(statement))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    public ValueTask ExecuteSchemaAsync(string cql, CancellationToken cancellationToken = default)
    {
        _requests.Enqueue(new RecordedRequest("schema", [new CassandraStatement(cql, [])]));
        return default;
    }

    private async ValueTask RunExecuteAsync(string kind, IReadOnlyList<CassandraStatement> statements, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _executeCalls);
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            await Task.Yield();
            if (ExecuteGate is { } gate)
            {
                await gate(cancellationToken);
            }

            if (ExecuteFault?.Invoke(number) is { } fault)
            {
                throw fault;
            }

            _requests.Enqueue(new RecordedRequest(kind, statements));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
