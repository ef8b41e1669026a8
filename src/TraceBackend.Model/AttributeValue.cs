using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace TraceBackend.Model;

/// <summary>
/// An immutable typed attribute value (OTLP <c>AnyValue</c>). Scalars live in one 64-bit slot; strings,
/// bytes, arrays and maps in one reference, so a value costs 24 bytes plus its payload.
/// </summary>
public readonly struct AttributeValue : IEquatable<AttributeValue>
{
    private readonly long _bits;
    private readonly object? _ref;

    private AttributeValue(AttributeType type, long bits, object? reference)
    {
        Type = type;
        _bits = bits;
        _ref = reference;
    }

    public AttributeType Type { get; }

    public static AttributeValue Empty => default;

    public static AttributeValue String(string value) => new(AttributeType.String, 0, value ?? "");

    public static AttributeValue Bool(bool value) => new(AttributeType.Bool, value ? 1 : 0, null);

    public static AttributeValue Int(long value) => new(AttributeType.Int, value, null);

    public static AttributeValue Double(double value) => new(AttributeType.Double, BitConverter.DoubleToInt64Bits(value), null);

    /// <summary>The array is taken over: the caller must not change it afterwards.</summary>
    public static AttributeValue Bytes(byte[] value) => new(AttributeType.Bytes, 0, value ?? []);

    public static AttributeValue Array(ImmutableArray<AttributeValue> values) =>
        new(AttributeType.Array, 0, values.IsDefault ? ImmutableArray<AttributeValue>.Empty : values);

    public static AttributeValue KvList(ImmutableArray<KeyValue> values) =>
        new(AttributeType.KvList, 0, values.IsDefault ? ImmutableArray<KeyValue>.Empty : values);

    public string AsString => Type == AttributeType.String ? (string)_ref! : throw WrongType(AttributeType.String);

    public bool AsBool => Type == AttributeType.Bool ? _bits != 0 : throw WrongType(AttributeType.Bool);

    public long AsInt => Type == AttributeType.Int ? _bits : throw WrongType(AttributeType.Int);

    public double AsDouble => Type == AttributeType.Double ? BitConverter.Int64BitsToDouble(_bits) : throw WrongType(AttributeType.Double);

    public ReadOnlySpan<byte> AsBytes => Type == AttributeType.Bytes ? (byte[])_ref! : throw WrongType(AttributeType.Bytes);

    public ImmutableArray<AttributeValue> AsArray =>
        Type == AttributeType.Array ? (ImmutableArray<AttributeValue>)_ref! : throw WrongType(AttributeType.Array);

    public ImmutableArray<KeyValue> AsKvList =>
        Type == AttributeType.KvList ? (ImmutableArray<KeyValue>)_ref! : throw WrongType(AttributeType.KvList);

    private InvalidOperationException WrongType(AttributeType wanted) =>
        new($"attribute value is {Type}, not {wanted}");

    /// <summary>
    /// The string form used for tag matching and for Jaeger's rendering of arrays and maps: strings as is,
    /// bools <c>true</c>/<c>false</c>, numbers in invariant decimal, bytes base64, arrays and maps as JSON.
    /// </summary>
    public override string ToString() => Type switch
    {
        AttributeType.Empty => "",
        AttributeType.String => (string)_ref!,
        AttributeType.Bool => _bits != 0 ? "true" : "false",
        AttributeType.Int => _bits.ToString(CultureInfo.InvariantCulture),
        AttributeType.Double => FormatDouble(AsDouble),
        AttributeType.Bytes => Convert.ToBase64String((byte[])_ref!),
        _ => ToJson(),
    };

    /// <summary>Shortest round-trip form, as Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c> would print common values.</summary>
    public static string FormatDouble(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>JSON rendering of any value (strings quoted), used for arrays and maps.</summary>
    public string ToJson()
    {
        var sb = new StringBuilder();
        AppendJson(sb, this);
        return sb.ToString();
    }

    private static void AppendJson(StringBuilder sb, AttributeValue value)
    {
        switch (value.Type)
        {
            case AttributeType.Empty:
                sb.Append("null");
                break;
            case AttributeType.String:
                AppendJsonString(sb, value.AsString);
                break;
            case AttributeType.Bytes:
                AppendJsonString(sb, value.ToString());
                break;
            case AttributeType.Double when !double.IsFinite(value.AsDouble):
                AppendJsonString(sb, value.ToString());
                break;
            case AttributeType.Array:
                sb.Append('[');
                var first = true;
                foreach (var item in value.AsArray)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    AppendJson(sb, item);
                }

                sb.Append(']');
                break;
            case AttributeType.KvList:
                sb.Append('{');
                var firstKv = true;
                foreach (var kv in value.AsKvList)
                {
                    if (!firstKv)
                    {
                        sb.Append(',');
                    }

                    firstKv = false;
                    AppendJsonString(sb, kv.Key);
                    sb.Append(':');
                    AppendJson(sb, kv.Value);
                }

                sb.Append('}');
                break;
            default:
                sb.Append(value.ToString());
                break;
        }
    }

    private static void AppendJsonString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
    }

    public bool Equals(AttributeValue other)
    {
        if (Type != other.Type)
        {
            return false;
        }

        return Type switch
        {
            AttributeType.Empty => true,
            AttributeType.String => string.Equals((string)_ref!, (string)other._ref!, StringComparison.Ordinal),
            AttributeType.Bytes => AsBytes.SequenceEqual(other.AsBytes),
            AttributeType.Array => AsArray.AsSpan().SequenceEqual(other.AsArray.AsSpan()),
            AttributeType.KvList => AsKvList.AsSpan().SequenceEqual(other.AsKvList.AsSpan()),
            _ => _bits == other._bits,
        };
    }

    public override bool Equals(object? obj) => obj is AttributeValue other && Equals(other);

    public override int GetHashCode() => Type switch
    {
        AttributeType.String => HashCode.Combine(Type, ((string)_ref!).GetHashCode(StringComparison.Ordinal)),
        AttributeType.Bytes or AttributeType.Array or AttributeType.KvList => HashCode.Combine(Type, ToString()),
        _ => HashCode.Combine(Type, _bits),
    };

    public static bool operator ==(AttributeValue left, AttributeValue right) => left.Equals(right);

    public static bool operator !=(AttributeValue left, AttributeValue right) => !left.Equals(right);
}
