namespace TraceBackend.EndToEnd.Tests.Cassandra;

/// <summary>
/// One statement the store wrote, as the fake node received it: the <see cref="Storage.Cassandra.Tests.Wire.V004Statements"/>
/// name, how it was sent (<c>execute</c> or <c>batch[n]</c>), its bound values decoded by the statement's variable types,
/// and whether the node refused it (an outage answered it with an error, so nothing of it is stored).
/// </summary>
internal sealed record CqlWrite(string Statement, string SentAs, IReadOnlyList<object?> Values, bool Refused);
