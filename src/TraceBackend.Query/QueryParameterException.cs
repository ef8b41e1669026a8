namespace TraceBackend.Query;

/// <summary>A malformed or invalid request parameter; the handlers answer 400 with <see cref="Exception.Message"/>.</summary>
public sealed class QueryParameterException : Exception
{
    public QueryParameterException(string message)
        : base(message)
    {
    }
}
