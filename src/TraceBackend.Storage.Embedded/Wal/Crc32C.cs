using System.Buffers.Binary;
using System.Numerics;

namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>
/// CRC-32C (Castagnoli), standard form: initial value 0xFFFFFFFF, final complement
/// (so CRC-32C("123456789") = 0xE3069283). Uses <see cref="BitOperations.Crc32C(uint, ulong)"/>, which is
/// hardware accelerated on x64 (SSE4.2) and Arm64.
/// </summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    /// <summary>Running state before any data.</summary>
    public const uint Start = 0xFFFFFFFFu;

    /// <summary>Feeds <paramref name="data"/> into a running state (not yet complemented).</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return state;
    }

    public static uint Finish(uint state) => ~state;
}
