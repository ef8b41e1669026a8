using Parquet.Schema;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// The Parquet schema of <c>data.parquet</c> (ADR 002): one row per span, flat span columns, typed attribute lists.
/// Field order is the column order of the file. Lists are 3-level Parquet LISTs (<c>name/list/element/...</c>), so a
/// top-level attribute leaf has max definition level 4 (3 for the required key) and repetition level 1; inside
/// <c>events</c>/<c>links</c> the attribute leaves have 7 (6) and 2.
/// </summary>
internal static class BlockSchema
{
    /// <summary>The leaves of one attribute list: key plus one optional value column per OTLP value type.</summary>
    internal sealed class AttributeFields
    {
        public AttributeFields(string name)
        {
            Key = new DataField<string>("key", false);
            String = new DataField<string>("value_string", true);
            Int = new DataField<long?>("value_int", true);
            Double = new DataField<double?>("value_double", true);
            Bool = new DataField<bool?>("value_bool", true);
            Bytes = new DataField<byte[]>("value_bytes", true);
            Complex = new DataField<byte[]>("value_complex", true);
            List = new ListField(name, new StructField("element", Key, String, Int, Double, Bool, Bytes, Complex));
        }

        public ListField List { get; }

        public DataField Key { get; }

        public DataField String { get; }

        public DataField Int { get; }

        public DataField Double { get; }

        public DataField Bool { get; }

        public DataField Bytes { get; }

        /// <summary>Arrays and key/value lists: the OTLP protobuf encoding of the whole <c>AnyValue</c>.</summary>
        public DataField Complex { get; }
    }

    public static readonly DataField TraceId = new DataField<byte[]>("trace_id", false);
    public static readonly DataField SpanId = new DataField<byte[]>("span_id", false);
    public static readonly DataField ParentSpanId = new DataField<byte[]>("parent_span_id", false);
    public static readonly DataField TraceState = new DataField<string>("trace_state", false);
    public static readonly DataField Flags = new DataField<long>("flags", false);
    public static readonly DataField Name = new DataField<string>("name", false);
    public static readonly DataField Kind = new DataField<int>("kind", false);
    public static readonly DataField StartUnixNano = new DataField<long>("start_unix_nano", false);
    public static readonly DataField DurationNano = new DataField<long>("duration_nano", false);
    public static readonly DataField StatusCode = new DataField<int>("status_code", false);
    public static readonly DataField StatusMessage = new DataField<string>("status_message", false);
    public static readonly DataField ServiceName = new DataField<string>("service_name", false);
    public static readonly AttributeFields ResourceAttributes = new("resource_attributes");
    public static readonly DataField ResourceDropped = new DataField<long>("resource_dropped_attributes_count", false);
    public static readonly DataField ScopeName = new DataField<string>("scope_name", false);
    public static readonly DataField ScopeVersion = new DataField<string>("scope_version", false);
    public static readonly AttributeFields ScopeAttributes = new("scope_attributes");
    public static readonly DataField ScopeDropped = new DataField<long>("scope_dropped_attributes_count", false);
    public static readonly AttributeFields Attributes = new("attributes");
    public static readonly DataField DroppedAttributes = new DataField<long>("dropped_attributes_count", false);

    public static readonly DataField EventTime = new DataField<long>("time_unix_nano", false);
    public static readonly DataField EventName = new DataField<string>("name", false);
    public static readonly AttributeFields EventAttributes = new("attributes");
    public static readonly DataField EventDropped = new DataField<long>("dropped_attributes_count", false);
    public static readonly ListField Events = new("events", new StructField("element", EventTime, EventName, EventAttributes.List, EventDropped));
    public static readonly DataField DroppedEvents = new DataField<long>("dropped_events_count", false);

    public static readonly DataField LinkTraceId = new DataField<byte[]>("trace_id", false);
    public static readonly DataField LinkSpanId = new DataField<byte[]>("span_id", false);
    public static readonly DataField LinkTraceState = new DataField<string>("trace_state", false);
    public static readonly DataField LinkFlags = new DataField<long>("flags", false);
    public static readonly AttributeFields LinkAttributes = new("attributes");
    public static readonly DataField LinkDropped = new DataField<long>("dropped_attributes_count", false);
    public static readonly ListField Links = new("links", new StructField("element", LinkTraceId, LinkSpanId, LinkTraceState, LinkFlags, LinkAttributes.List, LinkDropped));
    public static readonly DataField DroppedLinks = new DataField<long>("dropped_links_count", false);

    public static readonly DataField Warning = new DataField<string>("element", false);
    public static readonly ListField Warnings = new("warnings", Warning);

    public static readonly ParquetSchema Schema = new(
        TraceId, SpanId, ParentSpanId, TraceState, Flags, Name, Kind, StartUnixNano, DurationNano, StatusCode, StatusMessage,
        ServiceName, ResourceAttributes.List, ResourceDropped, ScopeName, ScopeVersion, ScopeAttributes.List, ScopeDropped,
        Attributes.List, DroppedAttributes, Events, DroppedEvents, Links, DroppedLinks, Warnings);

    /// <summary>Leaf columns in file order.</summary>
    public static readonly DataField[] Leaves = Schema.GetDataFields();
}
