using TraceBackend.Model;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Documents;
using TraceBackend.Storage.Elasticsearch.Reading;
using TraceBackend.Storage.Elasticsearch.Writing;

namespace TraceBackend.Storage.Elasticsearch;

public sealed partial class ElasticsearchTraceStore
{
    /// <summary>
    /// Indexes each span into the span index of its start date under a fixed <c>_id</c> (<see cref="DocumentIds.Span"/>,
    /// so retries overwrite instead of duplicating), plus a service document per (service, operation, kind) not
    /// written recently (<see cref="ServiceOperationCache"/>). Completes when the cluster acknowledged every item (the
    /// bulk writer batches items of concurrent calls; see <see cref="BulkIndexer"/>). Throws
    /// <see cref="ElasticsearchUnavailableException"/> when the cluster is down or kept refusing items after bounded
    /// retries, <see cref="ElasticsearchException"/> when it rejected an item for good; either way the caller may retry
    /// the whole batch. Spans become searchable after the next index refresh (1 s by default).
    /// </summary>
    public async ValueTask WriteAsync(IReadOnlyList<Span> spans, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Count == 0)
        {
            return;
        }

        var encoder = new BulkItemEncoder(_policy, Server.UsesMappingTypes);
        var completion = new BulkCompletion();
        var items = new List<BulkItem>(spans.Count + 1);
        List<ServiceOperationKey>? services = null;
        HashSet<ServiceOperationKey>? seen = null;
        foreach (var span in spans)
        {
            var start = UnixTime.FromNanos(span.StartTimeUnixNano);
            var index = _names.SpanWriteIndex(start);
            var id = DocumentIds.Span(span);
            items.Add(new BulkItem(encoder.Span(index, id, span), index, id, completion));

            var service = new ServiceOperationKey(_names.ServiceWriteIndex(start), span.ServiceName, span.Name, SpanKindNames.ToJaeger(span.Kind));
            if (!_serviceCache.IsFresh(service) && (seen ??= []).Add(service))
            {
                var serviceId = DocumentIds.Service(service.ServiceName, service.OperationName, service.SpanKind);
                items.Add(new BulkItem(encoder.Service(service, serviceId), service.Index, serviceId, completion));
                (services ??= []).Add(service);
            }
        }

        completion.Expect(items.Count);
        await _indexer.AddAsync(items).ConfigureAwait(false);
        await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (services is not null)
        {
            foreach (var service in services)
            {
                _serviceCache.Remember(service);
            }
        }
    }

    /// <summary>
    /// Stores a dependencies document <c>{timestamp, dependencies: [{parent, child, callCount}]}</c> (Jaeger's shape)
    /// in the dependencies index of the timestamp's date, under an <c>_id</c> derived from the timestamp, so writing
    /// the same period again replaces the snapshot (Jaeger adds a new document each time).
    /// </summary>
    public async ValueTask WriteDependenciesAsync(DateTimeOffset timestamp, IReadOnlyList<DependencyLink> links, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        var index = _names.DependenciesWriteIndex(timestamp);
        var type = Server.UsesMappingTypes ? "dependencies" : "_doc";
        var path = $"/{Uri.EscapeDataString(index)}/{type}/{DocumentIds.Dependencies(timestamp)}";
        var body = JsonBody.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("timestamp", SearchQueries.Rfc3339(timestamp));
            w.WriteStartArray("dependencies");
            foreach (var link in links)
            {
                w.WriteStartObject();
                w.WriteString("parent", link.Parent);
                w.WriteString("child", link.Child);
                w.WriteNumber("callCount", link.CallCount);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        var response = await _transport.SendAsync(HttpMethod.Put, path, body, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw ErrorText.Failure(response, $"Writing the dependencies of {timestamp:O} to {index}");
        }
    }
}
