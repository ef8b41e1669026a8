using System.Globalization;
using TraceBackend.LoadGen.Sending;

namespace TraceBackend.LoadGen.Cli;

/// <summary>
/// Parses the flags after <c>loadgen</c>. Values come as <c>--flag value</c> or <c>--flag=value</c>; each
/// flag at most once. Errors are one line naming the flag. <c>--duration</c> and <c>--traces</c> may be
/// combined (the first limit reached stops the run); with neither, the run lasts 10 s.
/// </summary>
public static class LoadGenOptionsParser
{
    public const string Usage = """
        usage: loadgen [flags]
          --otlp-grpc HOST:PORT       OTLP/gRPC target (default 127.0.0.1:4317)
          --otlp-http URL             OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces (excludes --otlp-grpc)
          --encoding protobuf|json    OTLP/HTTP body encoding (default protobuf)
          --rate SPANS_PER_S          span rate across all workers; 0 = as fast as possible (default 0)
          --duration D                run time, Go syntax: 500ms, 30s, 5m, 1h (default 10s)
          --traces N                  stop after N traces
          --workers K                 concurrent requests (default 4)
          --batch-spans N             max spans per request (default 500)
          --seed S                    generator seed (default random; printed)
          --error-ratio F             fraction of error spans (default 0.05)
          --large-trace-ratio F       fraction of 1,000+ span traces (default 0.01)
          --ack-log FILE              append "<trace id> <acked spans>" per acknowledged request part
          --timeout D                 per-attempt timeout (default 10s)
          --max-retries N             retries per request before it counts as failed (default 5)
        """;

    private static readonly HashSet<string> s_flags = new(StringComparer.Ordinal)
    {
        "--otlp-grpc", "--otlp-http", "--encoding", "--rate", "--duration", "--traces", "--workers", "--batch-spans",
        "--seed", "--error-ratio", "--large-trace-ratio", "--ack-log", "--timeout", "--max-retries",
    };

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> is a one-line message naming the flag.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out LoadGenOptions options, out string error)
    {
        options = new LoadGenOptions();
        error = "";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                options = options with { ShowHelp = true };
                return true;
            }

            string name;
            string? value = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
            }
            else
            {
                name = arg;
            }

            if (!s_flags.Contains(name))
            {
                error = arg.StartsWith('-') ? $"unknown flag {name}" : $"unexpected argument \"{arg}\"";
                return false;
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    error = $"missing value for {name}";
                    return false;
                }

                value = args[++i];
            }

            if (!values.TryAdd(name, value))
            {
                error = $"{name} given more than once";
                return false;
            }
        }

        return TryBuild(values, out options, out error);
    }

    private static bool TryBuild(Dictionary<string, string> values, out LoadGenOptions options, out string error)
    {
        var o = new LoadGenOptions { Seed = (ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue) };
        options = o;
        error = "";
        var reader = new FlagReader(values);

        if (values.ContainsKey("--otlp-grpc") && values.ContainsKey("--otlp-http"))
        {
            error = "--otlp-grpc and --otlp-http are mutually exclusive";
            return false;
        }

        if (reader.Has("--otlp-grpc", out var grpc))
        {
            if (!TryParseGrpcTarget(grpc, out var uri))
            {
                return reader.Fail("--otlp-grpc", grpc, "HOST:PORT", out error);
            }

            o = o with { GrpcEndpoint = uri };
        }

        if (reader.Has("--otlp-http", out var http))
        {
            if (!Uri.TryCreate(http, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return reader.Fail("--otlp-http", http, "an http:// or https:// URL", out error);
            }

            // A bare base URL gets the standard OTLP traces path.
            if (uri.AbsolutePath == "/")
            {
                uri = new Uri(uri, "v1/traces");
            }

            o = o with { HttpEndpoint = uri, GrpcEndpoint = null };
        }

        if (reader.Has("--encoding", out var encoding))
        {
            if (o.HttpEndpoint is null)
            {
                error = "--encoding applies only to --otlp-http";
                return false;
            }

            OtlpEncoding? parsed = encoding switch { "protobuf" => OtlpEncoding.Protobuf, "json" => OtlpEncoding.Json, _ => null };
            if (parsed is null)
            {
                return reader.Fail("--encoding", encoding, "protobuf or json", out error);
            }

            o = o with { Encoding = parsed.Value };
        }

        if (!reader.Double("--rate", 0, double.MaxValue, o.Rate, out var rate, out error)
            || !reader.Duration("--duration", out var duration, out error)
            || !reader.Long("--traces", 1, long.MaxValue, 0, out var traces, out error)
            || !reader.Long("--workers", 1, 1024, o.Workers, out var workers, out error)
            || !reader.Long("--batch-spans", 1, 1_000_000, o.BatchSpans, out var batchSpans, out error)
            || !reader.Double("--error-ratio", 0, 1, o.ErrorRatio, out var errorRatio, out error)
            || !reader.Double("--large-trace-ratio", 0, 1, o.LargeTraceRatio, out var largeRatio, out error)
            || !reader.Duration("--timeout", out var timeout, out error)
            || !reader.Long("--max-retries", 0, 100, o.MaxRetries, out var maxRetries, out error))
        {
            return false;
        }

        o = o with
        {
            Rate = rate,
            Duration = duration ?? (values.ContainsKey("--traces") ? null : o.Duration),
            Traces = values.ContainsKey("--traces") ? traces : null,
            Workers = (int)workers,
            BatchSpans = (int)batchSpans,
            ErrorRatio = errorRatio,
            LargeTraceRatio = largeRatio,
            RequestTimeout = timeout ?? o.RequestTimeout,
            MaxRetries = (int)maxRetries,
        };

        if (reader.Has("--seed", out var seed))
        {
            if (!ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            {
                return reader.Fail("--seed", seed, "an unsigned 64-bit integer", out error);
            }

            o = o with { Seed = s, SeedGiven = true };
        }

        if (reader.Has("--ack-log", out var ackLog))
        {
            if (string.IsNullOrWhiteSpace(ackLog))
            {
                return reader.Fail("--ack-log", ackLog, "a file path", out error);
            }

            o = o with { AckLogPath = ackLog };
        }

        options = o;
        return true;
    }

    /// <summary>Accepts <c>host:port</c>, <c>[v6]:port</c> or <c>http://host:port</c>.</summary>
    public static bool TryParseGrpcTarget(string text, out Uri uri)
    {
        uri = LoadGenOptions.DefaultGrpcEndpoint;
        var hasScheme = text.Contains("://", StringComparison.Ordinal);
        if (!hasScheme)
        {
            // An explicit port is required without a scheme.
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return false;
            }
        }

        if (!Uri.TryCreate(hasScheme ? text : "http://" + text, UriKind.Absolute, out var parsed)
            || parsed.Scheme != Uri.UriSchemeHttp
            || parsed.Host.Length == 0
            || parsed.AbsolutePath != "/"
            || parsed.Query.Length > 0)
        {
            return false;
        }

        uri = new Uri(parsed.GetLeftPart(UriPartial.Authority));
        return true;
    }
}
