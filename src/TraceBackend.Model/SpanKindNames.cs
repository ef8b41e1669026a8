using System.Diagnostics.CodeAnalysis;

namespace TraceBackend.Model;

/// <summary>The lower-case kind names Jaeger uses in the <c>span.kind</c> tag and in operation lists.</summary>
public static class SpanKindNames
{
    /// <summary><c>server</c>, <c>client</c>, …; empty for <see cref="SpanKind.Unspecified"/>.</summary>
    public static string ToJaeger(SpanKind kind) => kind switch
    {
        SpanKind.Internal => "internal",
        SpanKind.Server => "server",
        SpanKind.Client => "client",
        SpanKind.Producer => "producer",
        SpanKind.Consumer => "consumer",
        _ => "",
    };

    /// <summary>Parses a Jaeger kind name (case-insensitive); <c>unspecified</c> and empty map to Unspecified.</summary>
    public static bool TryParseJaeger([NotNullWhen(true)] string? name, out SpanKind kind)
    {
        kind = SpanKind.Unspecified;
        switch (name?.ToLowerInvariant())
        {
            case "internal": kind = SpanKind.Internal; return true;
            case "server": kind = SpanKind.Server; return true;
            case "client": kind = SpanKind.Client; return true;
            case "producer": kind = SpanKind.Producer; return true;
            case "consumer": kind = SpanKind.Consumer; return true;
            case "unspecified" or "": return name is not null;
            default: return false;
        }
    }
}
