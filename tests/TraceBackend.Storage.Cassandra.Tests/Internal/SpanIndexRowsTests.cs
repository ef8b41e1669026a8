using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Cassandra.Tests.Support;
using static TraceBackend.Storage.Cassandra.Tests.Support.CodecFixtures;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

public sealed class SpanIndexRowsTests
{
    private const long StartMicros = 1_700_000_000_123_456L;

    [Fact]
    public void A_span_gets_Jaeger_index_rows_keyed_by_process_service()
    {
        var row = SpanRowEncoder.Encode(Rich());

        var index = SpanIndexRows.For(row, TagIndexPolicy.All);

        Assert.Equal("frontend", index.ServiceName);
        Assert.Equal(new OperationNameRow("frontend", "server", "GET /x"), index.Operation);
        Assert.Equal(new ServiceNameIndexRow("frontend", (int)(unchecked((ulong)row.SpanHash) % 10), StartMicros, TraceA), index.ServiceNameIndex);
        Assert.Equal(new ServiceOperationIndexRow("frontend", "GET /x", StartMicros, TraceA), index.ServiceOperationIndex);
        // 1_700_000_000_123_456 µs = 2023-11-14T22:13:20.123456Z → bucket 22:00.
        var bucket = new DateTimeOffset(2023, 11, 14, 22, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [
                new DurationIndexRow("frontend", "", bucket, 2_500_000, StartMicros, TraceA),
                new DurationIndexRow("frontend", "GET /x", bucket, 2_500_000, StartMicros, TraceA),
            ],
            index.Durations);
        Assert.All(index.Tags, t => Assert.Equal(("frontend", StartMicros, TraceA, row.SpanId), (t.ServiceName, t.StartTime, t.TraceId, t.SpanId)));
        Assert.Equal(
            [
                "$$span.warning.1=w1", "$$span.warning.2=w2", "cache.hit=false", "empty=", "error=true", "event=custom", "event=exception",
                "exception.type=IOError", "host.name=web-1", "http.method=GET", "http.status_code=500", "k8s.ready=true", "list=[\"a\",1]",
                "n=3", "otel.dropped_attributes_count=2", "otel.scope.name=lib", "otel.scope.version=1.0", "otel.status_code=ERROR",
                "otel.status_description=boom", "process.pid=4242", "ratio=0.25", "span.kind=server", "w3c.tracestate=k=v",
            ],
            index.Tags.Select(t => $"{t.TagKey}={t.TagValue}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Tag_index_skips_binary_long_invalid_and_json_object_values_and_keeps_one_row_per_pair()
    {
        var longValue = new string('x', 256);
        var row = Row(
            new DbKeyValue("bin", "binary", ValueBinary: [1]),
            new DbKeyValue("long", "string", ValueString: longValue),
            new DbKeyValue("short", "string", ValueString: longValue[..255]),
            new DbKeyValue(new string('k', 256), "string", ValueString: "v"),
            new DbKeyValue("utf8", "string", ValueString: new string('é', 128)),
            new DbKeyValue("utf8.ok", "string", ValueString: new string('é', 127)),
            new DbKeyValue("surrogate", "string", ValueString: "a\uD800b"),
            new DbKeyValue("json", "string", ValueString: "{\"k\": [1, 2]}"),
            new DbKeyValue("not.json", "string", ValueString: "{not json"),
            new DbKeyValue("array", "string", ValueString: "[1,2]"),
            new DbKeyValue("dup", "int64", ValueLong: 5),
            new DbKeyValue("dup", "string", ValueString: "5"),
            new DbKeyValue("f", "float64", ValueDouble: 1e21),
            new DbKeyValue("b", "bool", ValueBool: false));

        var tags = TagIndexPolicy.All.IndexedTags(row).Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal);

        Assert.Equal(["array=[1,2]", "b=false", "dup=5", "f=1e+21", "not.json={not json", $"short={longValue[..255]}", $"utf8.ok={new string('é', 127)}"], tags);
    }

    [Fact]
    public void Categories_and_key_lists_filter_tag_rows_as_Jaeger_options_do()
    {
        var row = SpanRowEncoder.Encode(Rich());
        static string[] Keys(TagIndexPolicy policy, SpanRow row) => [.. policy.IndexedTags(row).Select(t => t.Key).Distinct().Order(StringComparer.Ordinal)];

        var noSpanTags = Keys(new TagIndexPolicy(false, true, true, [], []), row);
        Assert.Equal(["event", "exception.type", "host.name", "k8s.ready", "n", "process.pid"], noSpanTags);
        Assert.DoesNotContain("host.name", Keys(new TagIndexPolicy(true, false, true, [], []), row));
        Assert.DoesNotContain("exception.type", Keys(new TagIndexPolicy(true, true, false, [], []), row));
        Assert.Equal(["error", "http.method"], Keys(new TagIndexPolicy(true, true, true, ["http.method", "error", "absent"], []), row));
        var denied = Keys(new TagIndexPolicy(true, true, true, [], ["http.method", "event"]), row);
        Assert.DoesNotContain("http.method", denied);
        Assert.DoesNotContain("event", denied);
        Assert.Contains("error", denied);
        Assert.Throws<ArgumentException>(() => new TagIndexPolicy(true, true, true, ["a"], ["b"]));
    }

    [Fact]
    public void Firehose_spans_get_no_tag_or_duration_rows()
    {
        var row = SpanRowEncoder.Encode(Rich()) with { Flags = 8 };

        var index = SpanIndexRows.For(row, TagIndexPolicy.All);

        Assert.Empty(index.Tags);
        Assert.Empty(index.Durations);
        Assert.Equal(StartMicros, index.ServiceNameIndex.StartTime);
    }

    [Fact]
    public void Span_kind_of_a_row_without_kind_is_empty_and_bucket_is_unsigned_hash_mod_10()
    {
        Assert.Equal("", SpanIndexRows.SpanKindOf(Row()));
        Assert.Equal((int)(ulong.MaxValue % 10), SpanIndexRows.ServiceBucket(-1));
        Assert.Equal(3, SpanIndexRows.ServiceBucket(13));
    }

    [Fact]
    public void Queries_trust_the_tag_index_only_for_pairs_it_holds()
    {
        Assert.True(TagIndexPolicy.All.CanFind("http.method", "GET"));
        Assert.False(TagIndexPolicy.All.CanFind("meta", "{\"k\":\"v\"}"));
        Assert.False(TagIndexPolicy.All.CanFind("long", new string('x', 300)));
        Assert.False(new TagIndexPolicy(true, true, false, [], []).CanFind("http.method", "GET"));
        Assert.False(new TagIndexPolicy(true, true, true, ["error"], []).CanFind("http.method", "GET"));
        Assert.True(new TagIndexPolicy(true, true, true, ["error"], []).CanFind("error", "true"));
        Assert.False(new TagIndexPolicy(true, true, true, [], ["error"]).CanFind("error", "true"));
        Assert.False(TagIndexPolicy.All.CanFind("otel.library.name", "lib"));
        Assert.True(TagIndexPolicy.All.CanFind("ratio", "0.25"));
        Assert.True(TagIndexPolicy.All.CanFind("http.status_code", "503"));
        Assert.True(TagIndexPolicy.All.CanFind("big", "12345678901234"));
        Assert.False(TagIndexPolicy.All.CanFind("f", "1E+21"));
        Assert.False(TagIndexPolicy.All.CanFind("f", "0.30000000000000004"));
    }

    private static SpanRow Row(params DbKeyValue[] tags) => new()
    {
        TraceId = TraceA,
        SpanId = 1,
        SpanHash = 0,
        OperationName = "op",
        StartTime = StartMicros,
        Tags = tags,
        Process = new DbProcess("svc", []),
    };
}
