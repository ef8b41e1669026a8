namespace TraceBackend.Storage.Elasticsearch.Writing;

/// <summary>
/// One action of a <c>_bulk</c> request: its NDJSON lines (action and document, each ending in '\n') and the write
/// call waiting for it. <see cref="Index"/> and <see cref="Id"/> name it in logs and errors. An item is settled
/// exactly once: later <see cref="Succeed"/> / <see cref="Fail"/> calls (a fallback failing a whole batch after a
/// bug) are ignored, so its owner's counts stay right.
/// </summary>
internal sealed class BulkItem(byte[] payload, string index, string id, BulkCompletion owner)
{
    private int _settled;

    public byte[] Payload { get; } = payload;

    public string Index { get; } = index;

    public string Id { get; } = id;

    public BulkCompletion Owner { get; } = owner;

    public void Succeed()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            Owner.Succeeded();
        }
    }

    public void Fail(Exception error)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            Owner.Failed(error);
        }
    }
}
