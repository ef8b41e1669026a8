using TraceBackend.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using TraceBackend.Query.Parsing;

namespace TraceBackend.Query;

/// <summary>Query-string access with Go <c>FormValue</c> semantics (first value; empty means absent).</summary>
internal static class RequestParams
{
    /// <summary>The first value of <paramref name="name"/>, or null when absent or empty.</summary>
    public static string? First(this IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    /// <summary>First non-empty value of the canonical name, else of the alias; returns which name was used.</summary>
    public static string? First(this IQueryCollection query, string name, string alias, out string usedName)
    {
        usedName = name;
        if (query.First(name) is { } value)
        {
            return value;
        }

        usedName = alias;
        return query.First(alias);
    }

    public static StringValues All(this IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values : StringValues.Empty;

    /// <summary><c>prettyPrint</c>: any value other than empty or <c>false</c> indents the JSON.</summary>
    public static bool PrettyPrint(this IQueryCollection query) =>
        query.First("prettyPrint") is { } value && value != "false";

    /// <summary>Go <c>strconv.ParseBool</c> of a parameter; absent is false. <paramref name="prefix"/> prefixes errors.</summary>
    public static bool Bool(string? value, string prefix)
    {
        if (value is null)
        {
            return false;
        }

        return GoStrconv.TryParseBool(value, out var result, out var error) ? result : throw new QueryParameterException(prefix + error);
    }

    /// <summary>Integer parameter (Go <c>strconv.ParseInt(v, 10, bits)</c>); null when absent.</summary>
    public static long? Int(string? value, int bits, string prefix, string function = "strconv.ParseInt")
    {
        if (value is null)
        {
            return null;
        }

        return GoStrconv.TryParseInt(value, bits, out var result, out var error, function) ? result : throw new QueryParameterException(prefix + error);
    }

    /// <summary>Go duration parameter in nanoseconds; null when absent.</summary>
    public static long? Duration(string? value, string prefix)
    {
        if (value is null)
        {
            return null;
        }

        return GoDuration.TryParse(value, out var nanos, out var error) ? nanos : throw new QueryParameterException(prefix + error);
    }

    /// <summary>RFC 3339 parameter; null when absent.</summary>
    public static DateTimeOffset? Time(string? value, string prefix)
    {
        if (value is null)
        {
            return null;
        }

        return Rfc3339.TryParse(value, out DateTimeOffset result, out var error) ? result : throw new QueryParameterException(prefix + error);
    }

    public static string V1Prefix(string name) => "unable to parse param '" + name + "': ";

    public static string V3Prefix(string name) => "malformed parameter " + name + ": ";
}
