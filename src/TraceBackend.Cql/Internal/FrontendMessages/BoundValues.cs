namespace TraceBackend.Cql.Internal.FrontendMessages;

/// <summary>
/// Values already encoded as consecutive [value]s (length-prefixed, -1 for null), so a request can be resent (after
/// re-preparing, or for the next page) without encoding again.
/// </summary>
internal sealed class BoundValues(int count, byte[] encoded)
{
    public static readonly BoundValues Empty = new(0, []);

    public int Count { get; } = count;

    public byte[] Encoded { get; } = encoded;
}
