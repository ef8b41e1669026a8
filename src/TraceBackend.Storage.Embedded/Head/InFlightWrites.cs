namespace TraceBackend.Storage.Embedded.Head;

/// <summary>
/// Writes between "about to append to the WAL" and "inserted into the head", each with the WAL index it sampled
/// before appending (its record will get that index or a higher one). The WAL checkpoint must not pass the lowest
/// of them: their records are neither in the head nor in a block yet. Thread-safe; a short lock per call.
/// </summary>
internal sealed class InFlightWrites
{
    private readonly Lock _lock = new();
    private long[] _slots = new long[16];
    private int[] _free = new int[16];
    private int _freeCount;
    private int _used;
    private int _active;

    /// <summary>Writes currently registered.</summary>
    public int Count => Volatile.Read(ref _active);

    /// <summary>Registers a write with the index <paramref name="sampleNextIndex"/> returns, sampled under the lock.</summary>
    public int Register(Func<long> sampleNextIndex)
    {
        lock (_lock)
        {
            int slot;
            if (_freeCount > 0)
            {
                slot = _free[--_freeCount];
            }
            else
            {
                if (_used == _slots.Length)
                {
                    Array.Resize(ref _slots, _used * 2);
                    Array.Resize(ref _free, _used * 2);
                }

                slot = _used++;
            }

            _slots[slot] = sampleNextIndex();
            _active++;
            return slot;
        }
    }

    public void Unregister(int slot)
    {
        lock (_lock)
        {
            _slots[slot] = long.MaxValue;
            _free[_freeCount++] = slot;
            _active--;
        }
    }

    /// <summary>
    /// The lowest index a record of a registered write — or of any write registered later — can get: the minimum of
    /// the registered samples and <paramref name="sampleNextIndex"/> taken under the same lock.
    /// </summary>
    public long LowestPossibleIndex(Func<long> sampleNextIndex)
    {
        lock (_lock)
        {
            var lowest = sampleNextIndex();
            for (var i = 0; i < _used; i++)
            {
                lowest = Math.Min(lowest, _slots[i]);
            }

            return lowest;
        }
    }
}
