using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace TraceBackend.Otlp;

/// <summary>Attribute readers: <c>KeyValue</c> lists and <c>AnyValue</c> in all its cases.</summary>
internal ref partial struct OtlpJsonParser
{
    private void ReadKeyValues(RepeatedField<KeyValue> target)
    {
        if (!BeginArray())
        {
            return;
        }

        while (NextElement())
        {
            target.Add(ReadKeyValue());
        }
    }

    private KeyValue ReadKeyValue()
    {
        var kv = new KeyValue();
        if (!BeginObject())
        {
            return kv;
        }

        while (NextProperty())
        {
            if (Is("key"u8))
            {
                kv.Key = ReadNullableString();
            }
            else if (Is("value"u8))
            {
                kv.Value = IsNull() ? null : ReadAnyValue();
            }
            else
            {
                SkipValue();
            }
        }

        return kv;
    }

    /// <summary>The set case wins; when several are given (invalid OTLP) the last one does.</summary>
    private AnyValue ReadAnyValue()
    {
        var value = new AnyValue();
        if (!BeginObject())
        {
            return value;
        }

        while (NextProperty())
        {
            if (IsNull())
            {
                continue;
            }

            if (Is("stringValue"u8, "string_value"u8))
            {
                value.StringValue = ReadString();
            }
            else if (Is("boolValue"u8, "bool_value"u8))
            {
                value.BoolValue = ReadBool();
            }
            else if (Is("intValue"u8, "int_value"u8))
            {
                value.IntValue = ReadInt64();
            }
            else if (Is("doubleValue"u8, "double_value"u8))
            {
                value.DoubleValue = ReadDouble();
            }
            else if (Is("bytesValue"u8, "bytes_value"u8))
            {
                value.BytesValue = UnsafeByteOperations.UnsafeWrap(ReadBase64());
            }
            else if (Is("arrayValue"u8, "array_value"u8))
            {
                var array = new ArrayValue();
                ReadValuesObject(array.Values, null);
                value.ArrayValue = array;
            }
            else if (Is("kvlistValue"u8, "kvlist_value"u8))
            {
                var list = new KeyValueList();
                ReadValuesObject(null, list.Values);
                value.KvlistValue = list;
            }
            else
            {
                SkipValue();
            }
        }

        return value;
    }

    /// <summary><c>{"values": [...]}</c> of an <c>ArrayValue</c> (AnyValues) or <c>KeyValueList</c> (KeyValues).</summary>
    private void ReadValuesObject(RepeatedField<AnyValue>? anyValues, RepeatedField<KeyValue>? keyValues)
    {
        if (!BeginObject())
        {
            return;
        }

        while (NextProperty())
        {
            if (!Is("values"u8) || !BeginArray())
            {
                SkipValue();
                continue;
            }

            while (NextElement())
            {
                if (anyValues is not null)
                {
                    anyValues.Add(ReadAnyValue());
                }
                else
                {
                    keyValues!.Add(ReadKeyValue());
                }
            }
        }
    }

    private readonly bool IsNull() => _reader.TokenType == JsonTokenType.Null;

    private string ReadNullableString() => IsNull() ? "" : ReadString();

    private uint ReadNullableUInt32() => IsNull() ? 0 : ReadUInt32();
}
