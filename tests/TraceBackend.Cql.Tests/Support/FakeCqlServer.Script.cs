using System.Text;

namespace TraceBackend.Cql.Tests.Support;

/// <summary>The default answers of <see cref="FakeCqlServer"/>, used when no <see cref="FakeCqlServer.Handler"/> takes a request.</summary>
internal sealed partial class FakeCqlServer
{
    private Task AnswerAsync(FakeRequest request)
    {
        var reader = new SpecReader(request.Body);
        switch (request.Opcode)
        {
            case FakeRequest.Options:
                return request.ReplyAsync(
                    Responses.Supported,
                    new SpecWriter().StringMultimap(("CQL_VERSION", ["3.0.0"]), ("COMPRESSION", Compression)).ToArray());
            case FakeRequest.Startup:
                var options = reader.StringMap();
                request.Connection.StartupOptions = options;
                request.Connection.Lz4 = options.TryGetValue("COMPRESSION", out var compression) && compression == "lz4";
                return Authenticator is null
                    ? request.ReplyAsync(Responses.Ready, [])
                    : request.ReplyAsync(Responses.Authenticate, new SpecWriter().String(Authenticator).ToArray());
            case FakeRequest.AuthResponse:
                var token = reader.Bytes();
                var expected = Encoding.UTF8.GetBytes("\0" + Username + "\0" + Password);
                return token is not null && token.AsSpan().SequenceEqual(expected)
                    ? request.ReplyAsync(Responses.AuthSuccess, new SpecWriter().Bytes(null).ToArray())
                    : request.ReplyAsync(Responses.Error, Responses.ErrorBody(0x0100, "Provided username and/or password are incorrect"));
            case FakeRequest.Query:
                return AnswerQueryAsync(request, reader.LongString());
            case FakeRequest.Prepare:
                var cql = reader.LongString();
                if (_statements.TryGetValue(cql, out var statement))
                {
                    PreparedIds[Convert.ToHexString(statement.Id)] = true;
                    return request.ReplyAsync(Responses.Result, statement.Body);
                }

                return request.ReplyAsync(Responses.Error, Responses.ErrorBody(0x2000, "line 1:0 no viable alternative"));
            case FakeRequest.Execute:
                var id = reader.ShortBytes();
                return PreparedIds.ContainsKey(Convert.ToHexString(id))
                    ? request.ReplyAsync(Responses.Result, Responses.VoidBody())
                    : Unprepared(request, id);
            case FakeRequest.Batch:
                return AnswerBatchAsync(request, reader);
            default:
                return request.ReplyAsync(Responses.Error, Responses.ErrorBody(0x000A, "unsupported opcode"));
        }
    }

    private Task AnswerQueryAsync(FakeRequest request, string cql)
    {
        if (cql.StartsWith("USE ", StringComparison.Ordinal))
        {
            var keyspace = cql[4..].Trim().Trim('"');
            return Keyspaces is null || Keyspaces.Contains(keyspace)
                ? request.ReplyAsync(Responses.Result, Responses.SetKeyspaceBody(keyspace))
                : request.ReplyAsync(Responses.Error, Responses.ErrorBody(0x2200, $"Keyspace '{keyspace}' does not exist"));
        }

        if (cql.StartsWith("SELECT schema_version FROM system.local", StringComparison.Ordinal))
        {
            var local = SchemaVersions(Interlocked.Increment(ref _schemaQueries) - 1)[0];
            return request.ReplyAsync(Responses.Result, Responses.RowsBody([("schema_version", CqlType.Uuid)], [[V.Uuid(local)]]));
        }

        if (cql.StartsWith("SELECT peer, schema_version FROM system.peers", StringComparison.Ordinal))
        {
            var peers = SchemaVersions(Math.Max(0, SchemaQueries - 1)).Skip(1)
                .Select((version, i) => new byte[]?[] { [127, 0, 0, (byte)(i + 2)], V.Uuid(version) })
                .ToArray();
            return request.ReplyAsync(
                Responses.Result, Responses.RowsBody([("peer", CqlType.Inet), ("schema_version", CqlType.Uuid)], peers));
        }

        return request.ReplyAsync(Responses.Result, Responses.VoidBody());
    }

    private Task AnswerBatchAsync(FakeRequest request, SpecReader reader)
    {
        reader.Byte();
        var count = reader.Short();
        for (var i = 0; i < count; i++)
        {
            if (reader.Byte() == 1)
            {
                var id = reader.ShortBytes();
                if (!PreparedIds.ContainsKey(Convert.ToHexString(id)))
                {
                    return Unprepared(request, id);
                }
            }
            else
            {
                reader.LongString();
            }

            var values = reader.Short();
            for (var v = 0; v < values; v++)
            {
                reader.Bytes();
            }
        }

        return request.ReplyAsync(Responses.Result, Responses.VoidBody());
    }

    private static Task Unprepared(FakeRequest request, byte[] id) =>
        request.ReplyAsync(
            Responses.Error,
            Responses.ErrorBody(0x2500, $"Prepared query with ID {Convert.ToHexString(id)} not found", w => w.ShortBytes(id)));
}
