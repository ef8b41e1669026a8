namespace TraceBackend.Storage.Memory.Internal;

/// <summary>
/// The traces of one index key (a service or a service's operation) in the order they joined it, so roughly
/// oldest first. Evicted entries are skipped by readers and compacted away once they make up half the list,
/// which keeps cleanup amortised O(1) per eviction; once every entry was evicted the list is empty. Compaction
/// also gives back capacity a burst left unused. Mutated only under the store's write lock.
/// </summary>
internal sealed class TraceEntryList
{
    private const int MinRetainedCapacity = 16;

    private readonly List<TraceEntry> _entries = [];
    private int _evicted;

    /// <summary>Entries held, evicted ones not yet compacted included.</summary>
    public int Count => _entries.Count;

    public TraceEntry this[int index] => _entries[index];

    public void Add(TraceEntry entry) => _entries.Add(entry);

    /// <summary>Called once for every list holding an entry that was just evicted.</summary>
    public void OnEntryEvicted()
    {
        _evicted++;
        if (_evicted * 2 >= _entries.Count)
        {
            _entries.RemoveAll(static e => e.IsEvicted);
            _evicted = 0;
            if (_entries.Capacity > MinRetainedCapacity && _entries.Count < _entries.Capacity / 4)
            {
                _entries.Capacity = Math.Max(_entries.Count * 2, MinRetainedCapacity);
            }
        }
    }
}
