using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Wal;

/// <summary>Real files with one-shot injected failures. A failing write first writes part of its data, like a
/// real ENOSPC in the middle of a record.</summary>
internal sealed class FaultInjectingFileSystem : IWalFileSystem
{
    private Exception? _nextWriteFault;
    private Exception? _nextFlushFault;

    public SemaphoreSlim? FlushGate { get; set; }

    public int FlushCalls;

    public void FailNextWrite(Exception exception) => _nextWriteFault = exception;

    public void FailNextFlush(Exception exception) => _nextFlushFault = exception;

    public IWalFile Open(string path, bool createNew) =>
        new FaultFile(this, PhysicalWalFileSystem.Instance.Open(path, createNew));

    public void Truncate(string path, long length) => PhysicalWalFileSystem.Instance.Truncate(path, length);

    private sealed class FaultFile(FaultInjectingFileSystem owner, IWalFile inner) : IWalFile
    {
        public void Write(IReadOnlyList<ReadOnlyMemory<byte>> buffers, long offset)
        {
            if (Interlocked.Exchange(ref owner._nextWriteFault, null) is { } fault)
            {
                var first = buffers[0];
                inner.Write([first], offset);
                if (buffers.Count > 1)
                {
                    inner.Write([buffers[1][..(buffers[1].Length / 2)]], offset + first.Length);
                }

                throw fault;
            }

            inner.Write(buffers, offset);
        }

        public void Flush()
        {
            owner.FlushGate?.Wait();
            Interlocked.Increment(ref owner.FlushCalls);
            if (Interlocked.Exchange(ref owner._nextFlushFault, null) is { } fault)
            {
                throw fault;
            }

            inner.Flush();
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Dispose() => inner.Dispose();
    }
}
