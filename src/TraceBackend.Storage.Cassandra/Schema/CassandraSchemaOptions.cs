using System.Globalization;

namespace TraceBackend.Storage.Cassandra.Schema;

/// <summary>
/// The parameters of the schema script, with Jaeger's <c>create.sh</c> defaults. <see cref="Validate"/> is called by
/// <see cref="CassandraSchema"/>.
/// </summary>
public sealed record CassandraSchemaOptions
{
    public const string DefaultKeyspace = "jaeger_v1_dc1";

    /// <summary>create.sh <c>TRACE_TTL</c> default: 172800 s (2 days).</summary>
    public static readonly TimeSpan DefaultTraceTtl = TimeSpan.FromSeconds(172_800);

    /// <summary>Cassandra's largest TTL (20 years).</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromSeconds(630_720_000);

    /// <summary>Letters, digits and underscores (create.sh rejects anything else).</summary>
    public string Keyspace { get; init; } = DefaultKeyspace;

    /// <summary>
    /// Datacenter for <c>NetworkTopologyStrategy</c> (<c>{'class': 'NetworkTopologyStrategy', '&lt;dc&gt;': '&lt;rf&gt;' }</c>);
    /// empty = <c>SimpleStrategy</c> (create.sh test mode).
    /// </summary>
    public string Datacenter { get; init; } = "";

    public int ReplicationFactor { get; init; } = 1;

    /// <summary>Complete replication map (create.sh <c>REPLICATION</c>); overrides datacenter and replication factor.</summary>
    public string? Replication { get; init; }

    /// <summary><c>default_time_to_live</c> of spans, names and indexes; whole seconds; zero = no TTL.</summary>
    public TimeSpan TraceTtl { get; init; } = DefaultTraceTtl;

    /// <summary><c>default_time_to_live</c> of dependency snapshots; whole seconds; zero (default) = no TTL.</summary>
    public TimeSpan DependenciesTtl { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Compaction window of the <c>traces</c> table (whole minutes, at least one). Null = create.sh's default: the TTL
    /// in whole minutes divided by 30, rounded up, in MINUTES (96 minutes for 2 days); one day when the TTL is zero.
    /// </summary>
    public TimeSpan? CompactionWindow { get; init; }

    /// <summary>The replication map the keyspace is created with.</summary>
    public string ReplicationMap => Replication is { Length: > 0 } replication
        ? replication
        : Datacenter.Length > 0
            ? $"{{'class': 'NetworkTopologyStrategy', '{Datacenter}': '{ReplicationFactor.ToString(CultureInfo.InvariantCulture)}' }}"
            : $"{{'class': 'SimpleStrategy', 'replication_factor': '{ReplicationFactor.ToString(CultureInfo.InvariantCulture)}'}}";

    /// <summary>The compaction window as create.sh's (size, unit) pair, the unit being MINUTES, HOURS or DAYS.</summary>
    public (long Size, string Unit) CompactionWindowSetting
    {
        get
        {
            if (CompactionWindow is not { } window)
            {
                if (TraceTtl == TimeSpan.Zero)
                {
                    return (1, "DAYS");
                }

                var ttlMinutes = (long)TraceTtl.TotalSeconds / 60;
                return (Math.Max(1, (ttlMinutes + 30 - 1) / 30), "MINUTES");
            }

            var minutes = (long)window.TotalMinutes;
            return minutes % (24 * 60) == 0 ? (minutes / (24 * 60), "DAYS")
                : minutes % 60 == 0 ? (minutes / 60, "HOURS")
                : (minutes, "MINUTES");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting and what is allowed.</summary>
    public void Validate()
    {
        ValidateKeyspace(Keyspace);
        if (Replication is not null)
        {
            if (string.IsNullOrWhiteSpace(Replication) || Replication.Contains(';', StringComparison.Ordinal) || Replication.Contains("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"replication must be a CQL map such as {{'class': 'SimpleStrategy', 'replication_factor': '1'}} (was \"{Replication}\").", nameof(Replication));
            }
        }
        else
        {
            if (Datacenter.Length > 0 && !IsIdentifierLike(Datacenter, allowDashAndDot: true))
            {
                throw new ArgumentException($"datacenter must consist of letters, digits, '_', '-' or '.' (was \"{Datacenter}\").", nameof(Datacenter));
            }

            if (ReplicationFactor < 1)
            {
                throw new ArgumentException($"replication factor must be at least 1 (was {ReplicationFactor}).", nameof(ReplicationFactor));
            }
        }

        ValidateTtl(TraceTtl, "trace TTL", nameof(TraceTtl));
        ValidateTtl(DependenciesTtl, "dependencies TTL", nameof(DependenciesTtl));
        if (CompactionWindow is { } window && (window < TimeSpan.FromMinutes(1) || window.Ticks % TimeSpan.TicksPerMinute != 0))
        {
            throw new ArgumentException($"compaction window must be a whole number of minutes, at least one (was {window}).", nameof(CompactionWindow));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the name is letters, digits and underscores.</summary>
    public static void ValidateKeyspace(string keyspace)
    {
        if (string.IsNullOrEmpty(keyspace) || !IsIdentifierLike(keyspace, allowDashAndDot: false))
        {
            throw new ArgumentException($"invalid keyspace \"{keyspace}\": use letters, digits or underscores.", nameof(keyspace));
        }
    }

    private static void ValidateTtl(TimeSpan ttl, string what, string name)
    {
        if (ttl < TimeSpan.Zero || ttl > MaxTtl || ttl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"{what} must be a whole number of seconds between 0 and {MaxTtl.TotalSeconds} (was {ttl}).", name);
        }
    }

    private static bool IsIdentifierLike(string text, bool allowDashAndDot)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && !(allowDashAndDot && c is '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
