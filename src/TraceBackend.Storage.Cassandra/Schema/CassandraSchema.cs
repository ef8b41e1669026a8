using System.Globalization;
using System.Text;
using TraceBackend.Storage.Cassandra.Session;

namespace TraceBackend.Storage.Cassandra.Schema;

/// <summary>
/// Jaeger's schema v004 (<c>schema/cassandra/v004.cql.tmpl</c>, embedded), rendered as Jaeger's <c>create.sh</c> does:
/// <c>--</c> comments and blank lines removed, then <c>${keyspace}</c>, <c>${replication}</c>, <c>${trace_ttl}</c>,
/// <c>${dependencies_ttl}</c>, <c>${compaction_window_size}</c> and <c>${compaction_window_unit}</c> substituted,
/// then split into statements at <c>;</c>. Every statement is <c>IF NOT EXISTS</c>, so <see cref="CreateAsync"/> is
/// idempotent and leaves existing tables (also ones created by Jaeger) untouched.
/// </summary>
public sealed class CassandraSchema
{
    public const string TemplateResourceName = "TraceBackend.Storage.Cassandra.Schema.v004.cql.tmpl";

    private static readonly Lazy<string> s_template = new(LoadTemplate);

    public CassandraSchema(CassandraSchemaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Statements = Split(Render(s_template.Value, options));
    }

    public CassandraSchemaOptions Options { get; }

    /// <summary>The DDL statements in script order, without the trailing <c>;</c>.</summary>
    public IReadOnlyList<string> Statements { get; }

    /// <summary>The embedded template text, unchanged.</summary>
    public static string Template => s_template.Value;

    /// <summary>Runs every statement, one at a time, each waiting for schema agreement.</summary>
    public async Task CreateAsync(ICassandraSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        foreach (var statement in Statements)
        {
            await session.ExecuteSchemaAsync(statement, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The script as create.sh pipes it to cqlsh: comments and blank lines removed, variables substituted.</summary>
    public static string Render(string template, CassandraSchemaOptions options)
    {
        var (windowSize, windowUnit) = options.CompactionWindowSetting;
        var sb = new StringBuilder(template.Length);
        foreach (var rawLine in template.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var comment = line.IndexOf("--", StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line[..comment];
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            sb.Append(line.TrimEnd()).Append('\n');
        }

        return sb
            .Replace("${keyspace}", options.Keyspace)
            .Replace("${replication}", options.ReplicationMap)
            .Replace("${trace_ttl}", Seconds(options.TraceTtl))
            .Replace("${dependencies_ttl}", Seconds(options.DependenciesTtl))
            .Replace("${compaction_window_size}", windowSize.ToString(CultureInfo.InvariantCulture))
            .Replace("${compaction_window_unit}", windowUnit)
            .ToString();
    }

    private static IReadOnlyList<string> Split(string script) =>
        [.. script.Split(';').Select(static s => s.Trim()).Where(static s => s.Length > 0)];

    private static string Seconds(TimeSpan ttl) => ((long)ttl.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static string LoadTemplate()
    {
        using var stream = typeof(CassandraSchema).Assembly.GetManifestResourceStream(TemplateResourceName)
            ?? throw new InvalidOperationException($"embedded resource {TemplateResourceName} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
