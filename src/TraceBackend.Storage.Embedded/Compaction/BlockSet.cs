using System.Collections.Immutable;
using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Blocks;

namespace TraceBackend.Storage.Embedded.Compaction;

/// <summary>
/// An immutable snapshot of the store's blocks, newest first by <see cref="BlockMeta.MaxStartUnixNano"/>, with the
/// union of their services and operations. The store swaps in a new set when a block is added or removed; readers
/// lease the current set (<see cref="Acquire"/> / <see cref="Release"/>) so the blocks in it stay open until they
/// are done. The store's own reference counts as one lease; when the last lease is released the set releases its
/// blocks (<see cref="BlockHandle.Release"/>).
/// </summary>
internal sealed class BlockSet
{
    private readonly Dictionary<string, Operation[]> _operations;
    private int _leases = 1;

    public BlockSet(IEnumerable<BlockHandle> blocks)
    {
        Blocks = [.. blocks.OrderByDescending(b => b.Meta.MaxStartUnixNano).ThenByDescending(b => b.Meta.CreatedAt)];
        foreach (var block in Blocks)
        {
            block.AddReference();
        }

        var operations = new Dictionary<string, HashSet<Operation>>(StringComparer.Ordinal);
        foreach (var block in Blocks)
        {
            foreach (var service in block.Meta.Services)
            {
                if (!operations.TryGetValue(service.Name, out var set))
                {
                    operations.Add(service.Name, set = []);
                }

                set.UnionWith(service.Operations);
            }
        }

        _operations = operations.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        Services = [.. operations.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Newest first by <see cref="BlockMeta.MaxStartUnixNano"/>.</summary>
    public ImmutableArray<BlockHandle> Blocks { get; }

    /// <summary>Services of all blocks, sorted ordinally.</summary>
    public ImmutableArray<string> Services { get; }

    public long SpanCount => Blocks.Sum(b => b.Meta.SpanCount);

    /// <summary>Operations of <paramref name="service"/> in any block (unsorted); empty when none.</summary>
    public ReadOnlySpan<Operation> OperationsOf(string service) =>
        _operations.TryGetValue(service, out var operations) ? operations : [];

    public bool HasService(string service) => _operations.ContainsKey(service);

    /// <summary>True when some block has an operation named <paramref name="name"/> in any service.</summary>
    public bool HasOperationNamed(string name) => _operations.Values.Any(ops => ops.Any(o => o.Name == name));

    /// <summary>Takes a lease. The caller holds the lock under which the store swaps sets, so the set is live.</summary>
    public BlockSet Acquire()
    {
        Interlocked.Increment(ref _leases);
        return this;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            foreach (var block in Blocks)
            {
                block.Release();
            }
        }
    }
}
