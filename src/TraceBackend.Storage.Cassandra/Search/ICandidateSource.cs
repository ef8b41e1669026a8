namespace TraceBackend.Storage.Cassandra.Search;

/// <summary>Yields a search's candidates from an index, newest first, chunk by chunk.</summary>
internal interface ICandidateSource
{
    /// <summary>Index rows read so far.</summary>
    int RowsRead { get; }

    /// <summary>True when the source stopped at the index row budget rather than at the end of the window.</summary>
    bool StoppedAtBudget { get; }

    ValueTask<CandidateChunk> NextAsync(CancellationToken cancellationToken);
}
