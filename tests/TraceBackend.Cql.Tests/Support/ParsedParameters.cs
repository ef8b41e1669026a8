namespace TraceBackend.Cql.Tests.Support;

/// <summary>&lt;query_parameters&gt; (spec §4.1.4) as the fake server reads them from a QUERY or EXECUTE body.</summary>
internal sealed record ParsedParameters(
    int Consistency, byte Flags, IReadOnlyList<byte[]?> Values, int? PageSize, byte[]? PagingState, int? SerialConsistency)
{
    public static ParsedParameters OfExecute(FakeRequest request)
    {
        var reader = new SpecReader(request.Body);
        reader.ShortBytes();
        return Read(reader);
    }

    public static ParsedParameters OfQuery(FakeRequest request)
    {
        var reader = new SpecReader(request.Body);
        reader.LongString();
        return Read(reader);
    }

    private static ParsedParameters Read(SpecReader reader)
    {
        var consistency = reader.Short();
        var flags = reader.Byte();
        var values = new List<byte[]?>();
        if ((flags & 0x01) != 0)
        {
            var count = reader.Short();
            for (var i = 0; i < count; i++)
            {
                values.Add(reader.Bytes());
            }
        }

        int? pageSize = (flags & 0x04) != 0 ? reader.Int() : null;
        var pagingState = (flags & 0x08) != 0 ? reader.Bytes() : null;
        int? serial = (flags & 0x10) != 0 ? reader.Short() : null;
        return new ParsedParameters(consistency, flags, values, pageSize, pagingState, serial);
    }
}
