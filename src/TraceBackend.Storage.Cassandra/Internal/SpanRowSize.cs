namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// An upper-bound-ish estimate of a <c>traces</c> row's encoded size: fixed columns plus, per key/value, its key and
/// value bytes (UTF-16 length × 3 bounds UTF-8) and the keyvalue UDT's fixed fields. Used only to size batches.
/// </summary>
internal static class SpanRowSize
{
    private const int FixedColumns = 128;
    private const int PerKeyValue = 64;
    private const int PerLogOrRef = 48;

    public static long Estimate(SpanRow row)
    {
        long bytes = FixedColumns + (3L * row.OperationName.Length) + (PerLogOrRef * (long)row.Refs.Count);
        bytes += KeyValues(row.Tags);
        foreach (var log in row.Logs)
        {
            bytes += PerLogOrRef + KeyValues(log.Fields);
        }

        if (row.Process is { } process)
        {
            bytes += (3L * process.ServiceName.Length) + KeyValues(process.Tags);
        }

        return bytes;
    }

    private static long KeyValues(IReadOnlyList<DbKeyValue> values)
    {
        long bytes = 0;
        foreach (var kv in values)
        {
            bytes += PerKeyValue + (3L * (kv.Key.Length + kv.ValueString.Length)) + (kv.ValueBinary?.Length ?? 0);
        }

        return bytes;
    }
}
