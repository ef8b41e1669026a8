using System.Collections.Concurrent;

namespace TraceBackend.Storage.Elasticsearch.Writing;

/// <summary>
/// Which service documents were stored recently, so a (service, operation, kind) is indexed about once per
/// <see cref="ElasticsearchOptions.ServiceCacheTtl"/> rather than once per span (Jaeger's service cache). Keys include
/// the target index, so the first span of a new day re-indexes the pair into that day's service index right away
/// (Jaeger's cache ignores the index and may leave a new day without the pair for up to the TTL). Entries are added
/// only after the cluster acknowledged the document. Bounded: beyond <c>capacity</c> entries expired ones are dropped,
/// and if none expired the cache starts over. Thread-safe.
/// </summary>
internal sealed class ServiceOperationCache(TimeSpan ttl, TimeProvider time, int capacity = 100_000)
{
    private readonly ConcurrentDictionary<ServiceOperationKey, long> _expiresAt = new();

    public bool IsFresh(ServiceOperationKey key) =>
        _expiresAt.TryGetValue(key, out var expires) && expires > time.GetTimestamp();

    public void Remember(ServiceOperationKey key)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetTimestamp();
        if (_expiresAt.Count >= capacity)
        {
            foreach (var entry in _expiresAt)
            {
                if (entry.Value <= now)
                {
                    _expiresAt.TryRemove(entry);
                }
            }

            if (_expiresAt.Count >= capacity)
            {
                _expiresAt.Clear();
            }
        }

        _expiresAt[key] = now + (long)(ttl.TotalSeconds * time.TimestampFrequency);
    }
}
