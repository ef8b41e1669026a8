using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Wal;

internal static class WalTestData
{
    /// <summary>Deterministic payload: <paramref name="length"/> bytes derived from <paramref name="seed"/>.</summary>
    public static byte[] Payload(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static async Task<List<WalRecord>> ReplayAllAsync(WriteAheadLog log)
    {
        var records = new List<WalRecord>();
        await foreach (var record in log.ReplayAsync())
        {
            records.Add(record);
        }

        return records;
    }

    public static WalOptions Small(WalSyncMode sync = WalSyncMode.Always) =>
        new() { Sync = sync, SegmentBytes = WalOptions.MinSegmentBytes };

    public static void AssertRecords(IReadOnlyList<(long Index, byte[] Payload)> expected, IReadOnlyList<WalRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Index, actual[i].Index);
            Assert.True(expected[i].Payload.AsSpan().SequenceEqual(actual[i].Payload.Span), $"payload of record {expected[i].Index} differs");
        }
    }
}
