namespace TraceBackend.Cql.Tests.Support;

/// <summary>Response bodies and frames written by hand from spec §4.2 (what a real server would send).</summary>
internal static class Responses
{
    public const byte Error = 0x00;
    public const byte Ready = 0x02;
    public const byte Authenticate = 0x03;
    public const byte Supported = 0x06;
    public const byte Result = 0x08;
    public const byte Event = 0x0C;
    public const byte AuthChallenge = 0x0E;
    public const byte AuthSuccess = 0x10;

    /// <summary>A whole response frame: version 0x84, flags, stream, opcode, length, body.</summary>
    public static byte[] Frame(byte opcode, short stream, byte[] body, byte flags = 0) =>
        new SpecWriter().Byte(0x84).Byte(flags).Short(stream).Byte(opcode).Int(body.Length).Raw(body).ToArray();

    public static byte[] VoidBody() => new SpecWriter().Int(0x0001).ToArray();

    public static byte[] SetKeyspaceBody(string keyspace) => new SpecWriter().Int(0x0003).String(keyspace).ToArray();

    public static byte[] SchemaChangeBody(string change, string target, params string[] options)
    {
        var writer = new SpecWriter().Int(0x0005).String(change).String(target);
        foreach (var option in options)
        {
            writer.String(option);
        }

        return writer.ToArray();
    }

    public static byte[] ErrorBody(int code, string message, Action<SpecWriter>? extra = null)
    {
        var writer = new SpecWriter().Int(code).String(message);
        extra?.Invoke(writer);
        return writer.ToArray();
    }

    /// <summary>
    /// A Rows result with a global table spec (ks "ks", table "t") unless <paramref name="globalSpec"/> is false, in
    /// which case every column carries its own keyspace and table.
    /// </summary>
    public static byte[] RowsBody(
        IReadOnlyList<(string Name, CqlType Type)> columns,
        IReadOnlyList<byte[]?[]> rows,
        byte[]? pagingState = null,
        bool globalSpec = true,
        bool noMetadata = false)
    {
        var flags = (globalSpec ? 0x0001 : 0) | (pagingState is not null ? 0x0002 : 0) | (noMetadata ? 0x0004 : 0);
        var writer = new SpecWriter().Int(0x0002).Int(flags).Int(columns.Count);
        if (pagingState is not null)
        {
            writer.Bytes(pagingState);
        }

        if (!noMetadata)
        {
            WriteSpecs(writer, columns, globalSpec);
        }

        writer.Int(rows.Count);
        foreach (var row in rows)
        {
            foreach (var value in row)
            {
                writer.Bytes(value);
            }
        }

        return writer.ToArray();
    }

    public static byte[] PreparedBody(
        byte[] id,
        IReadOnlyList<(string Name, CqlType Type)> variables,
        IReadOnlyList<(string Name, CqlType Type)> resultColumns,
        params int[] pkIndices)
    {
        var writer = new SpecWriter().Int(0x0004).ShortBytes(id);
        writer.Int(0x0001).Int(variables.Count).Int(pkIndices.Length);
        foreach (var index in pkIndices)
        {
            writer.Short(index);
        }

        WriteSpecs(writer, variables, globalSpec: true);
        if (resultColumns.Count == 0)
        {
            writer.Int(0x0004).Int(0);
        }
        else
        {
            writer.Int(0x0001).Int(resultColumns.Count);
            WriteSpecs(writer, resultColumns, globalSpec: true);
        }

        return writer.ToArray();
    }

    private static void WriteSpecs(SpecWriter writer, IReadOnlyList<(string Name, CqlType Type)> columns, bool globalSpec)
    {
        if (globalSpec)
        {
            writer.String("ks").String("t");
        }

        foreach (var (name, type) in columns)
        {
            if (!globalSpec)
            {
                writer.String("ks_" + name).String("t_" + name);
            }

            writer.String(name).Option(type);
        }
    }
}
