using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraceBackend.Host.Options;
using TraceBackend.Storage.Elasticsearch;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Indices;

namespace TraceBackend.Host.Commands;

/// <summary>
/// One-shot storage administration, run instead of the server (<c>tracebackend &lt;command&gt; [flags]</c>); the
/// storage flags are the server's (<c>--cassandra-*</c>, <c>--es-*</c>, also from <c>TRACEBACKEND_*</c> and
/// appsettings.json), plus each command's own:
/// <list type="bullet">
/// <item><c>cassandra-schema</c>: creates the v004 keyspace, types and tables (idempotent).</item>
/// <item><c>es-rollover init|rollover|lookback [--conditions JSON] [--unit UNIT] [--unit-count N] [--skip-dependencies]</c>:
/// Jaeger's es-rollover (first indices and aliases; roll the write aliases over; drop old indices from the read aliases).</item>
/// <item><c>es-index-cleaner DAYS [--rollover]</c>: deletes indices older than DAYS days (Jaeger's es-index-cleaner).</item>
/// </list>
/// Exit codes: 0 done, 1 the operation failed, 2 bad command line.
/// </summary>
public static class StorageCommands
{
    public static readonly IReadOnlyList<string> Names = ["cassandra-schema", "es-rollover", "es-index-cleaner"];

    public static async Task<int> RunAsync(string command, string[] args, IReadOnlyDictionary<string, string?>? environment, string? settingsFile,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            await output.WriteLineAsync(OptionsParser.HelpText()).ConfigureAwait(false);
            return 0;
        }

        try
        {
            return command switch
            {
                "cassandra-schema" => await CassandraSchemaAsync(OptionsParser.Parse(args, environment, settingsFile), output, cancellationToken).ConfigureAwait(false),
                "es-rollover" => await RolloverAsync(args, environment, settingsFile, output, cancellationToken).ConfigureAwait(false),
                "es-index-cleaner" => await IndexCleanerAsync(args, environment, settingsFile, output, cancellationToken).ConfigureAwait(false),
                _ => throw new OptionsException($"unknown command '{command}'"),
            };
        }
        catch (OptionsException e)
        {
            await error.WriteLineAsync($"tracebackend {command}: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"tracebackend {command}: interrupted").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e) when (e is ElasticsearchException or ElasticsearchUnavailableException or ArgumentException or NotSupportedException)
        {
            await error.WriteLineAsync($"tracebackend {command}: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> CassandraSchemaAsync(TraceBackendOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var statements = await StorageFactory.CreateCassandraSchemaAsync(options.Cassandra, NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"keyspace {options.Cassandra.Keyspace} ready at {string.Join(",", options.Cassandra.Servers)} ({statements.Count} statements, each IF NOT EXISTS)").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> RolloverAsync(string[] args, IReadOnlyDictionary<string, string?>? environment, string? settingsFile, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is not ("init" or "rollover" or "lookback"))
        {
            throw new OptionsException("expected an action: init, rollover or lookback");
        }

        var action = args[0];
        var parameters = new RolloverParameters();
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (FlagName(args[i], out var inline))
            {
                case "conditions":
                    parameters = parameters with { Conditions = inline ?? Value(args, ref i) };
                    break;
                case "unit":
                    var unitText = inline ?? Value(args, ref i);
                    parameters = parameters with
                    {
                        Unit = Enum.TryParse<LookbackUnit>(unitText, ignoreCase: true, out var unit) && !int.TryParse(unitText, out _)
                            ? unit
                            : throw new OptionsException($"--unit: unknown value '{unitText}' (expected seconds, minutes, hours, days, weeks, months, years)"),
                    };
                    break;
                case "unit-count":
                    var countText = inline ?? Value(args, ref i);
                    parameters = parameters with
                    {
                        UnitCount = int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
                            ? count
                            : throw new OptionsException($"--unit-count: '{countText}' is not a positive integer"),
                    };
                    break;
                case "skip-dependencies":
                    parameters = parameters with { SkipDependencies = SwitchValue("skip-dependencies", args, ref i, inline) };
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        var options = OptionsParser.Parse(rest, environment, settingsFile).Elasticsearch;
        using var transport = new ElasticsearchHttpTransport(options);
        var server = await ServerInfoDetector.DetectAsync(transport, options, cancellationToken).ConfigureAwait(false);
        switch (action)
        {
            case "init":
                var init = await IndexRollover.InitAsync(transport, server, options, parameters, cancellationToken).ConfigureAwait(false);
                await WriteAllAsync(output, $"{server}: templates", init.Templates).ConfigureAwait(false);
                await WriteAllAsync(output, "created", init.CreatedIndices).ConfigureAwait(false);
                await WriteAllAsync(output, "aliases", init.AddedAliases.Select(a => a.ToString())).ConfigureAwait(false);
                break;
            case "rollover":
                foreach (var outcome in await IndexRollover.RolloverAsync(transport, server, options, parameters, cancellationToken).ConfigureAwait(false))
                {
                    await output.WriteLineAsync(outcome.RolledOver
                        ? $"{outcome.WriteAlias}: rolled over {outcome.OldIndex} -> {outcome.NewIndex}"
                        : $"{outcome.WriteAlias}: conditions not met, still {outcome.OldIndex}").ConfigureAwait(false);
                }

                break;
            default:
                var removed = await IndexRollover.LookbackAsync(transport, server, options, parameters, cancellationToken).ConfigureAwait(false);
                await WriteAllAsync(output, "removed from read aliases", removed.Select(a => a.ToString())).ConfigureAwait(false);
                break;
        }

        return 0;
    }

    private static async Task<int> IndexCleanerAsync(string[] args, IReadOnlyDictionary<string, string?>? environment, string? settingsFile, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            throw new OptionsException("expected the number of days to keep, e.g. tracebackend es-index-cleaner 7");
        }

        bool? rollover = null;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (FlagName(args[i], out var inline) == "rollover")
            {
                rollover = SwitchValue("rollover", args, ref i, inline);
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        var options = OptionsParser.Parse(rest, environment, settingsFile).Elasticsearch;
        using var transport = new ElasticsearchHttpTransport(options);
        var server = await ServerInfoDetector.DetectAsync(transport, options, cancellationToken).ConfigureAwait(false);
        var deleted = await IndexCleaner.CleanAsync(transport, server, options, new IndexCleanerParameters { Days = days, Rollover = rollover ?? options.UseAliases }, cancellationToken).ConfigureAwait(false);
        await WriteAllAsync(output, $"deleted (older than {days} days)", deleted).ConfigureAwait(false);
        return 0;
    }

    private static string? FlagName(string arg, out string? inlineValue)
    {
        inlineValue = null;
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }

        var name = arg[2..];
        var eq = name.IndexOf('=');
        if (eq >= 0)
        {
            inlineValue = name[(eq + 1)..];
            name = name[..eq];
        }

        return name;
    }

    /// <summary>A switch: <c>--x</c>, <c>--x=true|false</c> or <c>--x true|false</c>.</summary>
    private static bool SwitchValue(string flag, string[] args, ref int i, string? inline)
    {
        var text = inline ?? (i + 1 < args.Length && args[i + 1] is "true" or "false" ? args[++i] : "true");
        return text switch
        {
            "true" => true,
            "false" => false,
            _ => throw new OptionsException($"--{flag}: '{text}' is not true or false"),
        };
    }

    private static string Value(string[] args, ref int i) =>
        i + 1 < args.Length ? args[++i] : throw new OptionsException($"flag {args[i]} needs a value");

    private static async Task WriteAllAsync(TextWriter output, string what, IEnumerable<string> items)
    {
        var list = items.ToList();
        await output.WriteLineAsync(list.Count == 0 ? $"{what}: none" : $"{what}: {string.Join(", ", list)}").ConfigureAwait(false);
    }
}
