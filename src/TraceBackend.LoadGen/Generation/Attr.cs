using OpenTelemetry.Proto.Common.V1;

namespace TraceBackend.LoadGen.Generation;

/// <summary>Terse constructors for OTLP attributes.</summary>
internal static class Attr
{
    public static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Bool(string key, bool value) => new() { Key = key, Value = new AnyValue { BoolValue = value } };

    public static KeyValue Dbl(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };

    public static KeyValue StrArray(string key, params ReadOnlySpan<string> values)
    {
        var array = new ArrayValue();
        foreach (var value in values)
        {
            array.Values.Add(new AnyValue { StringValue = value });
        }

        return new KeyValue { Key = key, Value = new AnyValue { ArrayValue = array } };
    }
}
