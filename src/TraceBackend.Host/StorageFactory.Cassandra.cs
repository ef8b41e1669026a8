using Microsoft.Extensions.Logging;
using TraceBackend.Cql;
using TraceBackend.Host.Options;
using TraceBackend.Storage;
using TraceBackend.Storage.Cassandra;
using TraceBackend.Storage.Cassandra.Schema;
using TraceBackend.Storage.Cassandra.Session;

namespace TraceBackend.Host;

/// <summary><c>--storage cassandra</c>: the <c>--cassandra-*</c> settings onto the CQL client, the schema and the store.</summary>
public static partial class StorageFactory
{
    private static async Task<ITraceStore> OpenCassandraAsync(CassandraSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        if (settings.CreateSchema)
        {
            await CreateCassandraSchemaAsync(settings, loggerFactory, cancellationToken).ConfigureAwait(false);
        }

        var cluster = await ConnectCassandraAsync(settings, settings.Keyspace, loggerFactory, cancellationToken).ConfigureAwait(false);
        try
        {
            return new CassandraTraceStore(new CqlCassandraSession(cluster, writeTimeout: settings.WriteTimeout), CassandraStoreOptions(settings), loggerFactory, ownsSession: true);
        }
        catch (ArgumentException e)
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw new OptionsException($"cassandra: {OneLine(e.Message)}");
        }
    }

    /// <summary>
    /// Creates the keyspace, types and tables (every statement <c>IF NOT EXISTS</c>, so a second run changes nothing);
    /// <c>tracebackend cassandra-schema</c> and <c>--cassandra-create-schema</c>. Returns the statements run.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CreateCassandraSchemaAsync(CassandraSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CassandraSchema schema;
        try
        {
            schema = new CassandraSchema(CassandraSchemaOptions(settings));
        }
        catch (ArgumentException e)
        {
            throw new OptionsException($"cassandra schema: {OneLine(e.Message)}");
        }

        // The keyspace may not exist yet: connect without one; the schema's statements name it.
        await using var session = new CqlCassandraSession(await ConnectCassandraAsync(settings, keyspace: null, loggerFactory, cancellationToken).ConfigureAwait(false));
        try
        {
            await schema.CreateAsync(session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CqlException or TimeoutException)
        {
            throw new OptionsException($"cassandra schema: {OneLine(e.Message)}");
        }

        return schema.Statements;
    }

    internal static CqlClusterOptions CqlClusterOptions(CassandraSettings settings, string? keyspace, ILoggerFactory? loggerFactory) => new()
    {
        ContactPoints = settings.Servers,
        Port = settings.Port,
        Keyspace = keyspace,
        Username = settings.Username,
        Password = settings.Password,
        UseTls = settings.TlsEnabled,
        TlsCaFile = settings.TlsCa,
        TlsSkipVerify = settings.TlsSkipHostVerify,
        TlsServerName = settings.TlsServerName,
        Compression = settings.Compression == "lz4" ? CqlCompression.Lz4 : CqlCompression.None,
        ConnectionsPerHost = settings.ConnectionsPerHost,
        ConnectTimeout = settings.ConnectTimeout,
        RequestTimeout = settings.Timeout,
        Consistency = settings.Consistency,
        LoggerFactory = loggerFactory,
        MissingKeyspaceHint = "create it with `tracebackend cassandra-schema` or start with --cassandra-create-schema true",
    };

    internal static CassandraSchemaOptions CassandraSchemaOptions(CassandraSettings settings) => new()
    {
        Keyspace = settings.Keyspace,
        Datacenter = settings.Datacenter,
        ReplicationFactor = settings.ReplicationFactor,
        TraceTtl = settings.TraceTtl,
        DependenciesTtl = settings.DependenciesTtl,
        CompactionWindow = settings.CompactionWindow,
    };

    internal static CassandraStoreOptions CassandraStoreOptions(CassandraSettings settings) => new()
    {
        Keyspace = settings.Keyspace,
        WriteCacheTtl = settings.WriteCacheTtl,
        MaxInFlightWrites = settings.MaxInflightWrites,
        RetryBudget = settings.RetryBudget,
        IndexTags = settings.IndexTags,
        IndexProcessTags = settings.IndexProcessTags,
        IndexLogs = settings.IndexLogs,
        IndexTagDenyList = settings.IndexTagDenyList,
        IndexTagAllowList = settings.IndexTagAllowList,
    };

    private static async Task<CqlCluster> ConnectCassandraAsync(CassandraSettings settings, string? keyspace, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        try
        {
            return await CqlCluster.ConnectAsync(CqlClusterOptions(settings, keyspace, loggerFactory), cancellationToken).ConfigureAwait(false);
        }
        catch (CqlKeyspaceNotFoundException e)
        {
            throw new OptionsException($"--cassandra-keyspace: {OneLine(e.Message)}");
        }
        catch (CqlException e)
        {
            throw new OptionsException($"--cassandra-servers: cannot use {string.Join(",", settings.Servers)}: {OneLine(e.Message)}");
        }
        catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            // A CA file that is no PEM certificate, or another client setting the driver refuses.
            throw new OptionsException($"cassandra: {OneLine(e.Message)}");
        }
    }
}
