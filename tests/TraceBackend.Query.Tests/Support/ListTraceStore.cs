using TraceBackend.Model;
using TraceBackend.Storage;

namespace TraceBackend.Query.Tests.Support;

/// <summary>
/// A minimal list-backed store for API tests. Trace lookups honour the time hint strictly (spans outside the
/// window are not returned), so tests can see the API's unbounded retry. <see cref="Failure"/> makes every read
/// throw, to test 500 handling; <see cref="TraceHook"/> rewrites each trace returned by ID lookups (e.g. to make
/// serialization fail); <see cref="Queries"/> records every search as the store received it.
/// </summary>
internal sealed class ListTraceStore : ITraceStore
{
    private readonly Lock _lock = new();
    private readonly List<Span> _spans = [];

    public StorageCapabilities Capabilities { get; init; } = new();

    public Exception? Failure { get; set; }

    public List<TraceGetRequest> GetRequests { get; } = [];

    public List<TraceQuery> Queries { get; } = [];

    public Func<Trace, Trace>? TraceHook { get; set; }

    public ValueTask WriteAsync(IReadOnlyList<Span> spans, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var span in spans)
            {
                if (!_spans.Any(s => s.TraceId == span.TraceId && s.Key == span.Key))
                {
                    _spans.Add(span);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<TraceGetRequest> requests, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        var result = new List<Trace>();
        lock (_lock)
        {
            GetRequests.AddRange(requests);
            foreach (var request in requests)
            {
                var min = request.StartTime is { } s ? UnixTime.ToNanos(s) : 0;
                var max = request.EndTime is { } e ? UnixTime.ToNanos(e) : ulong.MaxValue;
                var spans = _spans.Where(x => x.TraceId == request.TraceId && x.StartTimeUnixNano >= min && x.StartTimeUnixNano <= max).ToList();
                if (spans.Count > 0)
                {
                    var trace = new Trace(request.TraceId, spans);
                    result.Add(TraceHook is { } hook ? hook(trace) : trace);
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<Trace>>(result);
    }

    public ValueTask<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        lock (_lock)
        {
            IReadOnlyList<string> services = [.. _spans.Select(s => s.ServiceName).Distinct().Order(StringComparer.Ordinal)];
            return ValueTask.FromResult(services);
        }
    }

    public ValueTask<IReadOnlyList<Operation>> GetOperationsAsync(OperationQuery query, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        lock (_lock)
        {
            IReadOnlyList<Operation> ops = [.. _spans
                .Where(s => s.ServiceName == query.ServiceName && (query.Kind is null || s.Kind == query.Kind))
                .Select(s => new Operation(s.Name, s.Kind))
                .Distinct()
                .OrderBy(o => o.Name, StringComparer.Ordinal)
                .ThenBy(o => o.Kind)];
            return ValueTask.FromResult(ops);
        }
    }

    public ValueTask<IReadOnlyList<Trace>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        if (string.IsNullOrEmpty(query.ServiceName) && !Capabilities.SearchWithoutServiceName)
        {
            throw new NotSupportedException("service required");
        }

        var matcher = new SpanMatcher(query);
        lock (_lock)
        {
            Queries.Add(query);
            IReadOnlyList<Trace> traces = [.. _spans
                .Where(matcher.Matches)
                .GroupBy(s => s.TraceId)
                .Select(g => (Id: g.Key, Latest: g.Max(s => s.StartTimeUnixNano)))
                .OrderByDescending(x => x.Latest)
                .Take(query.EffectiveSearchDepth)
                .Select(x => new Trace(x.Id, [.. _spans.Where(s => s.TraceId == x.Id)]))];
            return ValueTask.FromResult(traces);
        }
    }

    public ValueTask<IReadOnlyList<DependencyLink>> GetDependenciesAsync(DateTimeOffset endTime, TimeSpan lookback, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        var min = UnixTime.ToNanos(endTime - lookback);
        var max = UnixTime.ToNanos(endTime);
        var calculator = new DependencyCalculator();
        lock (_lock)
        {
            foreach (var group in _spans.GroupBy(s => s.TraceId))
            {
                if (group.Any(s => s.StartTimeUnixNano >= min && s.StartTimeUnixNano <= max))
                {
                    calculator.AddTrace([.. group]);
                }
            }
        }

        return ValueTask.FromResult(calculator.ToLinks());
    }

    private void ThrowIfFailing()
    {
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
