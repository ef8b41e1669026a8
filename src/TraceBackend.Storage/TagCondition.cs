using System.Globalization;
using TraceBackend.Model;

namespace TraceBackend.Storage;

/// <summary>
/// One <c>key=value</c> search condition with the value pre-parsed, so typed attributes compare without
/// formatting them to strings (a search scans many spans; the query has few tags).
/// </summary>
internal readonly struct TagCondition
{
    private readonly bool? _bool;
    private readonly long? _int;

    public TagCondition(string key, string value)
    {
        Key = key;
        Value = value;
        _bool = value switch { "true" => true, "false" => false, _ => null };
        // Only the canonical decimal form of an integer matches an int attribute ("007" does not match 7).
        _int = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            && n.ToString(CultureInfo.InvariantCulture) == value ? n : null;
    }

    public string Key { get; }

    public string Value { get; }

    /// <summary>True when the attribute's string form (<see cref="AttributeValue.ToString"/>) equals the value.</summary>
    public bool Matches(AttributeValue attribute) => attribute.Type switch
    {
        AttributeType.String => attribute.AsString == Value,
        AttributeType.Bool => _bool == attribute.AsBool,
        AttributeType.Int => _int == attribute.AsInt,
        _ => attribute.ToString() == Value,
    };
}
