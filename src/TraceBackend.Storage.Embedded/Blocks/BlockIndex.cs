using System.Buffers.Binary;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// The block's row-group index (file <c>index</c>, ADR 002). Body: u32 row groups R, u32 services S, u32 span names N,
/// u32 reserved; then per row group: u64 first row, u32 rows, u32 reserved, min and max trace ID (16 bytes each,
/// big-endian as in the data), u64 min/max start, u64 min/max duration (ns, clamped at 0), ceil(S/64) u64 words of
/// service bits, ceil(N/64) u64 words of span-name bits. Services are <see cref="BlockMeta.Services"/> in order;
/// span names are the distinct operation names of the meta, sorted ordinally.
/// </summary>
internal sealed class BlockIndex
{
    public const uint Version = 1;
    private static ReadOnlySpan<byte> Magic => "TBINDEX1"u8;

    public BlockIndex(IReadOnlyList<string> services, IReadOnlyList<string> operationNames, IReadOnlyList<RowGroupSummary> rowGroups)
    {
        Services = services;
        OperationNames = operationNames;
        RowGroups = rowGroups;
        ServiceOrdinals = Ordinals(services);
        NameOrdinals = Ordinals(operationNames);
    }

    public IReadOnlyList<string> Services { get; }

    public IReadOnlyList<string> OperationNames { get; }

    public IReadOnlyList<RowGroupSummary> RowGroups { get; }

    public IReadOnlyDictionary<string, int> ServiceOrdinals { get; }

    public IReadOnlyDictionary<string, int> NameOrdinals { get; }

    /// <summary>Services and span names of a meta, in index order.</summary>
    public static (List<string> Services, List<string> Names) Vocabulary(BlockMeta meta)
    {
        var services = meta.Services.Select(s => s.Name).ToList();
        var names = meta.Services.SelectMany(s => s.Operations).Select(o => o.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return (services, names);
    }

    private static Dictionary<string, int> Ordinals(IReadOnlyList<string> values)
    {
        var map = new Dictionary<string, int>(values.Count, StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            map[values[i]] = i;
        }

        return map;
    }

    private static int Words(int count) => (count + 63) / 64;

    public byte[] ToFile()
    {
        var serviceWords = Words(Services.Count);
        var nameWords = Words(OperationNames.Count);
        var entryBytes = 8 + 4 + 4 + 32 + 32 + (serviceWords + nameWords) * 8;
        var file = new byte[BlockFile.HeaderBytes + 16 + RowGroups.Count * entryBytes + BlockFile.TrailerBytes];
        BlockFile.WriteHeader(file, Magic, Version);
        var body = file.AsSpan(BlockFile.HeaderBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(body, (uint)RowGroups.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)Services.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], (uint)OperationNames.Count);
        var p = 16;
        foreach (var g in RowGroups)
        {
            var e = body.Slice(p, entryBytes);
            BinaryPrimitives.WriteInt64LittleEndian(e, g.FirstRow);
            BinaryPrimitives.WriteInt32LittleEndian(e[8..], g.RowCount);
            g.MinTraceId.WriteBytes(e[16..]);
            g.MaxTraceId.WriteBytes(e[32..]);
            BinaryPrimitives.WriteUInt64LittleEndian(e[48..], g.MinStart);
            BinaryPrimitives.WriteUInt64LittleEndian(e[56..], g.MaxStart);
            BinaryPrimitives.WriteUInt64LittleEndian(e[64..], g.MinDuration);
            BinaryPrimitives.WriteUInt64LittleEndian(e[72..], g.MaxDuration);
            var w = 80;
            foreach (var word in g.ServiceBits.Concat(g.NameBits))
            {
                BinaryPrimitives.WriteUInt64LittleEndian(e[w..], word);
                w += 8;
            }

            p += entryBytes;
        }

        BlockFile.Seal(file);
        return file;
    }

    /// <summary>Reads and validates the index against the block's meta (vocabulary sizes, row counts).</summary>
    public static BlockIndex Read(string path, BlockMeta meta)
    {
        var body = BlockFile.Open(BlockFile.ReadAll(path), path, Magic, Version);
        if (body.Length < 16)
        {
            throw new InvalidDataException($"block index '{path}' is truncated");
        }

        var (services, names) = Vocabulary(meta);
        var groupCount = BinaryPrimitives.ReadUInt32LittleEndian(body);
        var serviceCount = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        var nameCount = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        if (serviceCount != services.Count || nameCount != names.Count)
        {
            throw new InvalidDataException($"block index '{path}' lists {serviceCount} services and {nameCount} span names; meta.json has {services.Count} and {names.Count}");
        }

        var serviceWords = Words(services.Count);
        var nameWords = Words(names.Count);
        var entryBytes = 8 + 4 + 4 + 32 + 32 + (serviceWords + nameWords) * 8;
        if ((ulong)body.Length != 16 + (ulong)groupCount * (ulong)entryBytes)
        {
            throw new InvalidDataException($"block index '{path}' has {body.Length} bytes, not the size of {groupCount} row groups");
        }

        var groups = new RowGroupSummary[groupCount];
        long rows = 0;
        for (var i = 0; i < groups.Length; i++)
        {
            var e = body.Slice(16 + i * entryBytes, entryBytes);
            var serviceBits = new ulong[serviceWords];
            var nameBits = new ulong[nameWords];
            for (var w = 0; w < serviceWords; w++)
            {
                serviceBits[w] = BinaryPrimitives.ReadUInt64LittleEndian(e[(80 + w * 8)..]);
            }

            for (var w = 0; w < nameWords; w++)
            {
                nameBits[w] = BinaryPrimitives.ReadUInt64LittleEndian(e[(80 + (serviceWords + w) * 8)..]);
            }

            TraceId.TryFromBytes(e.Slice(16, 16), out var minId);
            TraceId.TryFromBytes(e.Slice(32, 16), out var maxId);
            groups[i] = new RowGroupSummary(
                BinaryPrimitives.ReadInt64LittleEndian(e), BinaryPrimitives.ReadInt32LittleEndian(e[8..]), minId, maxId,
                BinaryPrimitives.ReadUInt64LittleEndian(e[48..]), BinaryPrimitives.ReadUInt64LittleEndian(e[56..]),
                BinaryPrimitives.ReadUInt64LittleEndian(e[64..]), BinaryPrimitives.ReadUInt64LittleEndian(e[72..]),
                serviceBits, nameBits);
            if (groups[i].FirstRow != rows || groups[i].RowCount <= 0)
            {
                throw new InvalidDataException($"block index '{path}': row group {i} starts at row {groups[i].FirstRow} with {groups[i].RowCount} rows (expected to start at {rows})");
            }

            rows += groups[i].RowCount;
        }

        if (rows != meta.SpanCount)
        {
            throw new InvalidDataException($"block index '{path}' covers {rows} rows; meta.json has {meta.SpanCount} spans");
        }

        return new BlockIndex(services, names, groups);
    }
}
