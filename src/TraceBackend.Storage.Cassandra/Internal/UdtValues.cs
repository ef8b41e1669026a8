using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// Row values ↔ the CLR values of <see cref="Session.ICassandraSession"/>: UDTs as dictionaries from field name to
/// value (written as <see cref="UdtValue"/>s), lists as lists (written as arrays, the empty one shared). Writing fills
/// every field (as Jaeger's writer does); reading accepts nulls anywhere (an empty collection reads back as null in
/// Cassandra; fields added or removed by other writers are tolerated) and maps them to empty or zero values.
/// </summary>
internal static class UdtValues
{
    private static readonly string[] s_logFields = ["ts", "fields"];
    private static readonly string[] s_refFields = ["ref_type", "trace_id", "span_id"];
    private static readonly string[] s_processFields = ["service_name", "tags"];
    private static readonly string[] s_dependencyFields = ["parent", "child", "call_count", "source"];

    public static IReadOnlyDictionary<string, object?> FromKeyValue(DbKeyValue kv) => new KeyValueUdt(kv);

    public static object?[] FromKeyValues(IReadOnlyList<DbKeyValue> values)
    {
        if (values.Count == 0)
        {
            return [];
        }

        var list = new object?[values.Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new KeyValueUdt(values[i]);
        }

        return list;
    }

    public static object?[] FromLogs(IReadOnlyList<DbLog> logs)
    {
        if (logs.Count == 0)
        {
            return [];
        }

        var list = new object?[logs.Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new FieldArrayUdt(s_logFields, [BoundValues.Long(logs[i].Timestamp), FromKeyValues(logs[i].Fields)]);
        }

        return list;
    }

    public static object?[] FromRefs(IReadOnlyList<DbSpanRef> refs)
    {
        if (refs.Count == 0)
        {
            return [];
        }

        var list = new object?[refs.Count];
        for (var i = 0; i < list.Length; i++)
        {
            var r = refs[i];
            list[i] = new FieldArrayUdt(s_refFields, [r.RefType, r.TraceId, BoundValues.Long(r.SpanId)]);
        }

        return list;
    }

    public static IReadOnlyDictionary<string, object?>? FromProcess(DbProcess? process) => process is null
        ? null
        : new FieldArrayUdt(s_processFields, [process.ServiceName, FromKeyValues(process.Tags)]);

    public static object?[] FromDependencies(IReadOnlyList<DependencyLink> links)
    {
        if (links.Count == 0)
        {
            return [];
        }

        var list = new object?[links.Count];
        for (var i = 0; i < list.Length; i++)
        {
            var link = links[i];
            list[i] = new FieldArrayUdt(s_dependencyFields, [link.Parent, link.Child, BoundValues.Long(unchecked((long)link.CallCount)), DbValueTypes.DependencySource]);
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
