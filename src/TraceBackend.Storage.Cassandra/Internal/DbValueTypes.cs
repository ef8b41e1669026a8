namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The text constants of Jaeger's Cassandra rows (<c>dbmodel/model.go</c>): <c>keyvalue.value_type</c> names,
/// <c>span_ref.ref_type</c> names, the warning tag prefix and the service name of a resource without one.
/// </summary>
internal static class DbValueTypes
{
    public const string String = "string";
    public const string Bool = "bool";
    public const string Int64 = "int64";
    public const string Float64 = "float64";
    public const string Binary = "binary";

    public const string ChildOf = "child-of";
    public const string FollowsFrom = "follows-from";

    /// <summary>Span warnings are stored as string tags <c>$$span.warning.1</c>, <c>$$span.warning.2</c>, … (Jaeger's converter).</summary>
    public const string WarningTagPrefix = "$$span.warning.";

    /// <summary>The process service name Jaeger writes for a resource without <c>service.name</c>.</summary>
    public const string NoServiceName = "OTLPResourceNoServiceName";

    /// <summary>The <c>dependency.source</c> Jaeger's model defaults to.</summary>
    public const string DependencySource = "jaeger";

    /// <summary>Jaeger's firehose flag: spans carrying it get no tag or duration index rows.</summary>
    public const int FirehoseFlag = 8;
}
