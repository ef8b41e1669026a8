namespace TraceBackend.Cql;

/// <summary>Per-request settings; null members fall back to <see cref="CqlClusterOptions"/>.</summary>
public sealed record CqlQueryOptions
{
    public static CqlQueryOptions Default { get; } = new();

    public CqlConsistency? Consistency { get; init; }

    /// <summary>Rows per page (spec §8); 0 or less sends no page size, so the server returns every row at once.</summary>
    public int PageSize { get; init; } = 5000;

    /// <summary>Continue from <see cref="CqlRowSet.PagingState"/> of a previous page of the same statement.</summary>
    public byte[]? PagingState { get; init; }

    /// <summary>Bound for this request instead of <see cref="CqlClusterOptions.RequestTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }
}
