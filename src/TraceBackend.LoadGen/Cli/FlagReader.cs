using TraceBackend.Model;
using System.Globalization;

namespace TraceBackend.LoadGen.Cli;

/// <summary>Typed access to raw flag values with one-line, flag-naming errors.</summary>
internal readonly struct FlagReader
{
    private readonly Dictionary<string, string> _values;

    public FlagReader(Dictionary<string, string> values) => _values = values;

    public bool Has(string flag, out string value)
    {
        var found = _values.TryGetValue(flag, out var raw);
        value = raw ?? "";
        return found;
    }

    public bool Fail(string flag, string value, string expected, out string error)
    {
        error = $"invalid value \"{value}\" for {flag}: expected {expected}";
        return false;
    }

    public bool Double(string flag, double min, double max, double fallback, out double result, out string error)
    {
        error = "";
        result = fallback;
        if (!Has(flag, out var text))
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out result) || !double.IsFinite(result) || result < min || result > max)
        {
            return Fail(flag, text, max == double.MaxValue ? $"a number >= {min}" : $"a number in [{min}, {max}]", out error);
        }

        return true;
    }

    public bool Long(string flag, long min, long max, long fallback, out long result, out string error)
    {
        error = "";
        result = fallback;
        if (!Has(flag, out var text))
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out result) || result < min || result > max)
        {
            return Fail(flag, text, max == long.MaxValue ? $"an integer >= {min}" : $"an integer in [{min}, {max}]", out error);
        }

        return true;
    }

    /// <summary>A positive Go-style duration, or null when the flag is absent.</summary>
    public bool Duration(string flag, out TimeSpan? result, out string error)
    {
        error = "";
        result = null;
        if (!Has(flag, out var text))
        {
            return true;
        }

        var duration = GoDuration.TryParse(text, out var nanoseconds, out _) ? GoDuration.ToTimeSpan(nanoseconds) : TimeSpan.Zero;
        if (duration <= TimeSpan.Zero)
        {
            return Fail(flag, text, "a positive duration such as 500ms, 30s, 5m or 1h", out error);
        }

        result = duration;
        return true;
    }
}
