using TraceBackend.Model;

namespace TraceBackend.Storage;

/// <summary>Reads traces, services and operations. All methods are safe to call concurrently with writes.</summary>
public interface ITraceReader
{
    /// <summary>
    /// Looks traces up by ID. Returns one <see cref="Trace"/> per found ID, in the order of
    /// <paramref name="requests"/>; IDs that are not stored are left out (never an empty trace). A request's
    /// time window is a hint a store may use to narrow the lookup; a store must not miss a trace only because
    /// the hint was wrong when it can find it cheaply without it. Spans of a trace are in no guaranteed order
    /// and contain no duplicates by <see cref="Span.Key"/>. The returned lists belong to the caller.
    /// </summary>
    ValueTask<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<TraceGetRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>Distinct service names with stored data, sorted ordinally. Empty list when none.</summary>
    ValueTask<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Distinct (span name, span kind) pairs seen for <paramref name="query"/>'s service, restricted to one kind
    /// when <see cref="OperationQuery.Kind"/> is set; sorted by name then kind. Unknown service → empty list.
    /// </summary>
    ValueTask<IReadOnlyList<Operation>> GetOperationsAsync(OperationQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds traces that contain at least one span matching every condition of <paramref name="query"/>
    /// (see <see cref="TraceQuery"/> for the exact matching rules). Returns at most
    /// <see cref="TraceQuery.SearchDepth"/> whole traces (all their spans), newest first by the start time of
    /// their latest matching span. A query without service name throws <see cref="NotSupportedException"/> when
    /// <see cref="StorageCapabilities.SearchWithoutServiceName"/> is false.
    /// </summary>
    ValueTask<IReadOnlyList<Trace>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken = default);
}
