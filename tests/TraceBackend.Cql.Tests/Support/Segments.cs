using System.Buffers;

namespace TraceBackend.Cql.Tests.Support;

/// <summary>Splits bytes into a multi-segment sequence, as a socket delivers them in pieces.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] bytes, int chunk)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            var next = new Segment(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)), offset);
            first ??= next;
            last?.Link(next);
            last = next;
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void Link(Segment next) => Next = next;
    }
}
