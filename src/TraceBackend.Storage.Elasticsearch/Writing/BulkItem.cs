namespace TraceBackend.Storage.Elasticsearch.Writing;

/// <summary>
/// One action of a <c>_bulk</c> request: its NDJSON lines (action and document, each ending in '\n') and the write
/// call waiting for it. <see cref="Index"/> and <see cref="Id"/> name it in logs and errors.
/// </summary>
internal sealed class BulkItem(byte[] payload, string index, string id, BulkCompletion owner)
{
    public byte[] Payload { get; } = payload;

    public string Index { get; } = index;

    public string Id { get; } = id;

    public BulkCompletion Owner { get; } = owner;
}
