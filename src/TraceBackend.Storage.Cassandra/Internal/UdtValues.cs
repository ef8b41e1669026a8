using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// Row values ↔ the CLR values of <see cref="Session.ICassandraSession"/>: UDTs as dictionaries from field name to
/// value, lists as lists. Writing fills every field (as Jaeger's writer does); reading accepts nulls anywhere (an
/// empty collection reads back as null in Cassandra; fields added or removed by other writers are tolerated) and
/// maps them to empty or zero values.
/// </summary>
internal static class UdtValues
{
    public static IReadOnlyDictionary<string, object?> FromKeyValue(DbKeyValue kv) => new Dictionary<string, object?>(7, StringComparer.Ordinal)
    {
        ["key"] = kv.Key,
        ["value_type"] = kv.ValueType,
        ["value_string"] = kv.ValueString,
        ["value_bool"] = kv.ValueBool,
        ["value_long"] = kv.ValueLong,
        ["value_double"] = kv.ValueDouble,
        ["value_binary"] = kv.ValueBinary,
    };

    public static List<object?> FromKeyValues(IReadOnlyList<DbKeyValue> values)
    {
        var list = new List<object?>(values.Count);
        foreach (var kv in values)
        {
            list.Add(FromKeyValue(kv));
        }

        return list;
    }

    public static List<object?> FromLogs(IReadOnlyList<DbLog> logs)
    {
        var list = new List<object?>(logs.Count);
        foreach (var log in logs)
        {
            list.Add(new Dictionary<string, object?>(2, StringComparer.Ordinal) { ["ts"] = log.Timestamp, ["fields"] = FromKeyValues(log.Fields) });
        }

        return list;
    }

    public static List<object?> FromRefs(IReadOnlyList<DbSpanRef> refs)
    {
        var list = new List<object?>(refs.Count);
        foreach (var r in refs)
        {
            list.Add(new Dictionary<string, object?>(3, StringComparer.Ordinal) { ["ref_type"] = r.RefType, ["trace_id"] = r.TraceId, ["span_id"] = r.SpanId });
        }

        return list;
    }

    public static IReadOnlyDictionary<string, object?>? FromProcess(DbProcess? process) => process is null
        ? null
        : new Dictionary<string, object?>(2, StringComparer.Ordinal) { ["service_name"] = process.ServiceName, ["tags"] = FromKeyValues(process.Tags) };

    public static List<object?> FromDependencies(IReadOnlyList<DependencyLink> links)
    {
        var list = new List<object?>(links.Count);
        foreach (var link in links)
        {
            list.Add(new Dictionary<string, object?>(4, StringComparer.Ordinal)
            {
                ["parent"] = link.Parent,
                ["child"] = link.Child,
                ["call_count"] = unchecked((long)link.CallCount),
                ["source"] = DbValueTypes.DependencySource,
            });
        }

        return list;
    }

    public static DbKeyValue ToKeyValue(object? value)
    {
        var udt = Udt(value);
        return new DbKeyValue(
            Field<string>(udt, "key") ?? "",
            Field<string>(udt, "value_type") ?? "",
            Field<string>(udt, "value_string") ?? "",
            Field<bool?>(udt, "value_bool") ?? false,
            Field<long?>(udt, "value_long") ?? 0,
            Field<double?>(udt, "value_double") ?? 0,
            Field<byte[]>(udt, "value_binary"));
    }

    public static IReadOnlyList<DbKeyValue> ToKeyValues(object? value) => ToList(value, ToKeyValue);

    public static IReadOnlyList<DbLog> ToLogs(object? value) => ToList(value, static item =>
    {
        var udt = Udt(item);
        return new DbLog(Field<long?>(udt, "ts") ?? 0, ToKeyValues(Field<object>(udt, "fields")));
    });

    public static IReadOnlyList<DbSpanRef> ToRefs(object? value) => ToList(value, static item =>
    {
        var udt = Udt(item);
        return new DbSpanRef(Field<string>(udt, "ref_type") ?? "", Field<byte[]>(udt, "trace_id") ?? [], Field<long?>(udt, "span_id") ?? 0);
    });

    public static DbProcess? ToProcess(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var udt = Udt(value);
        return new DbProcess(Field<string>(udt, "service_name") ?? "", ToKeyValues(Field<object>(udt, "tags")));
    }

    public static IReadOnlyList<DependencyLink> ToDependencies(object? value) => ToList(value, static item =>
    {
        var udt = Udt(item);
        var count = Field<long?>(udt, "call_count") ?? 0;
        return new DependencyLink(Field<string>(udt, "parent") ?? "", Field<string>(udt, "child") ?? "", count < 0 ? 0 : (ulong)count);
    });

    /// <summary>A column value of type <typeparamref name="T"/>; null when the value is null.</summary>
    public static T? Column<T>(IReadOnlyList<object?> row, int index) => row[index] is T value ? value : default;

    private static IReadOnlyList<T> ToList<T>(object? value, Func<object?, T> convert)
    {
        if (value is not System.Collections.IEnumerable items)
        {
            return [];
        }

        var list = new List<T>();
        foreach (var item in items)
        {
            list.Add(convert(item));
        }

        return list;
    }

    private static IReadOnlyDictionary<string, object?>? Udt(object? value) => value as IReadOnlyDictionary<string, object?>;

    private static T? Field<T>(IReadOnlyDictionary<string, object?>? udt, string name) =>
        udt is not null && udt.TryGetValue(name, out var value) && value is T typed ? typed : default;
}
