using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>One batch of spans read back from a <see cref="SpanWal"/>.</summary>
/// <param name="Index">The write-ahead log record index <see cref="SpanWal.AppendAsync"/> returned for the batch.</param>
/// <param name="Spans">
/// The batch's spans in append order, field by field as appended (warnings included; Resource/Scope objects are
/// shared within the batch by content, not with other batches). A fresh list owned by the caller.
/// </param>
public readonly record struct SpanWalBatch(long Index, IReadOnlyList<Span> Spans);
