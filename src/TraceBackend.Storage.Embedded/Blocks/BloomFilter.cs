using System.Buffers.Binary;
using System.Numerics;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// Bloom filter of a block's trace IDs (file <c>bloom</c>, ADR 002): k probes by double hashing over m bits, sized for
/// <see cref="TargetFalsePositiveRate"/>. Body: u32 k, u32 reserved, u64 m, then ceil(m/64) u64 words (bit i in word
/// i/64, bit i%64). Probe j of an ID is (h1 + j·h2) mod m with h1, h2 the 64-bit mixes of its halves. Immutable.
/// </summary>
internal sealed class BloomFilter
{
    public const double TargetFalsePositiveRate = 0.01;
    public const uint Version = 1;
    private const int MaxHashes = 30;
    private static ReadOnlySpan<byte> Magic => "TBBLOOM1"u8;

    private readonly ulong[] _words;
    private readonly ulong _bits;
    private readonly int _hashes;

    private BloomFilter(ulong[] words, ulong bits, int hashes)
    {
        _words = words;
        _bits = bits;
        _hashes = hashes;
    }

    public static BloomFilter Build(IReadOnlyCollection<TraceId> ids)
    {
        var n = Math.Max(1, ids.Count);
        // m = −n·ln p / (ln 2)², k = m/n·ln 2.
        var bits = (ulong)Math.Ceiling(-n * Math.Log(TargetFalsePositiveRate) / (Math.Log(2) * Math.Log(2)));
        bits = Math.Max(64, (bits + 63) / 64 * 64);
        var hashes = Math.Clamp((int)Math.Round((double)bits / n * Math.Log(2)), 1, MaxHashes);
        var filter = new BloomFilter(new ulong[bits / 64], bits, hashes);
        foreach (var id in ids)
        {
            filter.Add(id);
        }

        return filter;
    }

    private void Add(TraceId id)
    {
        var (h1, h2) = Hash(id);
        for (var j = 0; j < _hashes; j++)
        {
            var bit = (h1 + (ulong)j * h2) % _bits;
            _words[bit / 64] |= 1UL << (int)(bit % 64);
        }
    }

    public bool MayContain(TraceId id)
    {
        var (h1, h2) = Hash(id);
        for (var j = 0; j < _hashes; j++)
        {
            var bit = (h1 + (ulong)j * h2) % _bits;
            if ((_words[bit / 64] & (1UL << (int)(bit % 64))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static (ulong H1, ulong H2) Hash(TraceId id) => (Mix(id.High ^ Mix(id.Low)), Mix(id.Low + 0x9E3779B97F4A7C15UL) | 1);

    /// <summary>The SplitMix64 finalizer.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public byte[] ToFile()
    {
        var file = new byte[BlockFile.HeaderBytes + 16 + _words.Length * 8 + BlockFile.TrailerBytes];
        BlockFile.WriteHeader(file, Magic, Version);
        var body = file.AsSpan(BlockFile.HeaderBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(body, (uint)_hashes);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], _bits);
        for (var i = 0; i < _words.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(body[(16 + i * 8)..], _words[i]);
        }

        BlockFile.Seal(file);
        return file;
    }

    public static BloomFilter Read(string path)
    {
        var body = BlockFile.Open(BlockFile.ReadAll(path), path, Magic, Version);
        if (body.Length < 16)
        {
            throw new InvalidDataException($"bloom filter '{path}' is truncated");
        }

        var hashes = BinaryPrimitives.ReadUInt32LittleEndian(body);
        var bits = BinaryPrimitives.ReadUInt64LittleEndian(body[8..]);
        if (hashes is 0 or > MaxHashes || bits == 0 || bits % 64 != 0 || (ulong)(body.Length - 16) != bits / 8)
        {
            throw new InvalidDataException($"bloom filter '{path}' has an invalid header ({hashes} hashes, {bits} bits, {body.Length - 16} bytes of bits)");
        }

        var words = new ulong[bits / 64];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt64LittleEndian(body[(16 + i * 8)..]);
        }

        return new BloomFilter(words, bits, (int)hashes);
    }

    /// <summary>Fraction of set bits (diagnostics).</summary>
    public double FillRatio => _words.Sum(w => (double)BitOperations.PopCount(w)) / _bits;
}
