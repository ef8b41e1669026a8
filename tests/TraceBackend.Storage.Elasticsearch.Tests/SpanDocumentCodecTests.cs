using System.Text;
using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Storage.Conformance;
using TraceBackend.Storage.Elasticsearch.Documents;

namespace TraceBackend.Storage.Elasticsearch.Tests;

/// <summary>Span ↔ span document (reference §4.3), with explicit JSON.</summary>
public sealed class SpanDocumentCodecTests
{
    private static readonly DateTimeOffset s_start = new(2024, 6, 10, 8, 30, 0, 123, TimeSpan.Zero);
    private static readonly SpanDocumentCodec s_plain = new(new TagFieldPolicy(false, [], "@"));

    private static Span Sample()
    {
        var resource = FixtureTraces.Service("mysql-client", FixtureTraces.Kv("host.name", "web-1"));
        return new SpanBuilder(new TraceId(0x4bf92f3577b34da6, 0xa3ce929d0e0e4736), new SpanId(0x53995c3f42cd8ad8), resource, "SQL SELECT",
                s_start.AddTicks(4560), TimeSpan.FromMilliseconds(90))
            .ChildOf(new SpanId(0x00f067aa0ba902b7))
            .Kind(SpanKind.Client)
            .Error("boom")
            .Flags(1)
            .Attr("db.system", "mysql")
            .Attr("rows", 42L)
            .Attr("ratio", 0.1)
            .Attr("cached", false)
            .Attr("digest", new byte[] { 0xca, 0xfe })
            .Event("retry", TimeSpan.FromMilliseconds(1), FixtureTraces.Kv("attempt", 2))
            .Link(new TraceId(0, 0x77), new SpanId(0x88))
            .Build();
    }

    [Fact]
    public void A_span_is_written_as_jaegers_document_with_string_tag_values()
    {
        var json = Encoding.UTF8.GetString(s_plain.Encode(Sample()));

        var expected = """
            {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"53995c3f42cd8ad8","parentSpanID":"00f067aa0ba902b7","flags":1,
            "operationName":"SQL SELECT","references":[
            {"refType":"CHILD_OF","traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"00f067aa0ba902b7"},
            {"refType":"FOLLOWS_FROM","traceID":"00000000000000000000000000000077","spanID":"0000000000000088"}],
            "startTime":1718008200123456,"startTimeMillis":1718008200123,"duration":90000,
            "tags":[{"key":"db.system","type":"string","value":"mysql"},{"key":"rows","type":"int64","value":"42"},
            {"key":"ratio","type":"float64","value":"0.1"},{"key":"cached","type":"bool","value":"false"},
            {"key":"digest","type":"binary","value":"cafe"},{"key":"span.kind","type":"string","value":"client"},
            {"key":"otel.status_code","type":"string","value":"ERROR"},{"key":"error","type":"bool","value":"true"},
            {"key":"otel.status_description","type":"string","value":"boom"}],
            "logs":[{"timestamp":1718008200124456,"fields":[{"key":"event","type":"string","value":"retry"},{"key":"attempt","type":"int64","value":"2"}]}],
            "process":{"serviceName":"mysql-client","tags":[{"key":"host.name","type":"string","value":"web-1"}]}}
            """;
        Assert.Equal(Compact(expected), json);
    }

    [Fact]
    public void A_written_span_reads_back_with_its_fields()
    {
        var original = Sample();

        var read = s_plain.RoundTrip(original);

        Assert.Equal(original.TraceId, read.TraceId);
        Assert.Equal(original.SpanId, read.SpanId);
        Assert.Equal(original.ParentSpanId, read.ParentSpanId);
        Assert.Equal(original.Name, read.Name);
        Assert.Equal(SpanKind.Client, read.Kind);
        Assert.Equal(new SpanStatus(StatusCode.Error, "boom"), read.Status);
        Assert.Equal(original.StartTimeUnixNano / 1000 * 1000, read.StartTimeUnixNano);
        Assert.Equal(read.StartTimeUnixNano + 90_000_000UL, read.EndTimeUnixNano);
        Assert.Equal(1u, read.Flags);
        SpanAssert.AttributesEqual(original.Attributes, read.Attributes, "attributes");
        SpanAssert.AttributesEqual(original.Resource.Attributes, read.Resource.Attributes, "resource");
        var link = Assert.Single(read.Links);
        Assert.Equal((new TraceId(0, 0x77), new SpanId(0x88)), (link.TraceId, link.SpanId));
        Assert.Equal("follows_from", Assert.Single(link.Attributes).Value.AsString);
        var e = Assert.Single(read.Events);
        Assert.Equal("retry", e.Name);
        Assert.Equal(AttributeValue.Int(2), Assert.Single(e.Attributes).Value);
    }

    [Fact]
    public void Old_jaeger_documents_with_string_values_16_char_ids_and_no_parent_field_are_read()
    {
        // Jaeger ≤ v1.68: traceID of 16 hex digits, every value a string, the parent only as a CHILD_OF reference.
        var document = """
            {"traceID":"00f067aa0ba902b7","spanID":"53995c3f42cd8ad8","flags":1,"operationName":"HTTP GET",
             "references":[{"refType":"CHILD_OF","traceID":"00f067aa0ba902b7","spanID":"1111111111111111"},
                           {"refType":"FOLLOWS_FROM","traceID":"00f067aa0ba902b7","spanID":"2222222222222222"}],
             "startTime":1718000000130000,"startTimeMillis":1718000000130,"duration":1500,
             "tags":[{"key":"http.status_code","type":"int64","value":"503"},{"key":"sampler.param","type":"float64","value":"0.001"},
                     {"key":"error","type":"bool","value":"true"},{"key":"span.kind","type":"string","value":"server"},
                     {"key":"payload","type":"binary","value":"0aff"}],
             "logs":[{"timestamp":1718000000130500,"fields":[{"key":"event","type":"string","value":"error"},{"key":"message","type":"string","value":"x"}]}],
             "process":{"serviceName":"frontend","tags":[{"key":"hostname","type":"string","value":"host-1"},{"key":"jaeger.version","type":"string","value":"Go-2.30.0"}]}}
            """;

        var span = s_plain.Decode(Encoding.UTF8.GetBytes(document));

        Assert.Equal(new TraceId(0, 0x00f067aa0ba902b7), span.TraceId);
        Assert.Equal(new SpanId(0x1111111111111111), span.ParentSpanId);
        Assert.Equal(SpanKind.Server, span.Kind);
        Assert.Equal(StatusCode.Error, span.Status.Code);
        Assert.Equal(1_718_000_000_130_000_000UL, span.StartTimeUnixNano);
        Assert.Equal(1_718_000_000_131_500_000UL, span.EndTimeUnixNano);
        SpanAssert.AttributesEqual(
            [new("http.status_code", AttributeValue.Int(503)), new("sampler.param", AttributeValue.Double(0.001)), new("payload", AttributeValue.Bytes([0x0a, 0xff]))],
            span.Attributes, "attributes");
        var link = Assert.Single(span.Links); // the parent reference is not a link; the FOLLOWS_FROM one is
        Assert.Equal(new SpanId(0x2222222222222222), link.SpanId);
        Assert.Equal("error", Assert.Single(span.Events).Name);
        SpanAssert.AttributesEqual(
            [new("service.name", AttributeValue.String("frontend")), new("host.name", AttributeValue.String("host-1")),
             new("opencensus.exporterversion", AttributeValue.String("Jaeger-Go-2.30.0"))],
            span.Resource.Attributes, "resource");
    }

    [Fact]
    public void New_jaeger_documents_with_typed_values_and_32_char_ids_are_read()
    {
        // Jaeger v2.6+: JSON-typed values, binary as hex, parentSpanID field, no parent reference (v2.20 default).
        var document = """
            {"traceID":"0000000000000000a3ce929d0e0e4736","spanID":"53995c3f42cd8ad8","parentSpanID":"00f067aa0ba902b7","operationName":"op",
             "references":null,"startTime":1718000000130000,"startTimeMillis":1718000000130,"duration":0,
             "tags":[{"key":"n","type":"int64","value":23456},{"key":"f","type":"float64","value":72.5},{"key":"b","type":"bool","value":true},
                     {"key":"bin","type":"binary","value":"00ff"},{"key":"otel.scope.name","type":"string","value":"lib"},
                     {"key":"weird","type":"complex","value":"v"}],
             "logs":null,"process":{"serviceName":"svc","tags":null}}
            """;

        var span = s_plain.Decode(Encoding.UTF8.GetBytes(document));

        Assert.Equal(new TraceId(0, 0xa3ce929d0e0e4736), span.TraceId);
        Assert.Equal(new SpanId(0x00f067aa0ba902b7), span.ParentSpanId);
        Assert.Empty(span.Links);
        Assert.Equal("lib", span.Scope.Name);
        SpanAssert.AttributesEqual(
            [new("n", AttributeValue.Int(23456)), new("f", AttributeValue.Double(72.5)), new("b", AttributeValue.Bool(true)),
             new("bin", AttributeValue.Bytes([0, 0xff])), new("weird", AttributeValue.String("<Unknown Jaeger TagType \"complex\">"))],
            span.Attributes, "attributes");
        // duration 0 µs: the shortest valid span, without a sanitizer warning
        Assert.Equal(span.StartTimeUnixNano + 1, span.EndTimeUnixNano);
        Assert.Empty(span.Warnings);
    }

    [Fact]
    public void Tags_as_fields_go_to_the_tag_objects_with_dots_replaced_and_come_back_merged()
    {
        var codec = new SpanDocumentCodec(new TagFieldPolicy(false, ["db.system", "rows", "digest", "host.name"], "@"));
        var span = Sample();

        using var document = JsonDocument.Parse(codec.Encode(span));
        var root = document.RootElement;

        Assert.Equal("""{"db@system":"mysql","rows":42}""", root.GetProperty("tag").GetRawText());
        Assert.Equal("""{"host@name":"web-1"}""", root.GetProperty("process").GetProperty("tag").GetRawText());
        var nestedKeys = root.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("key").GetString()).ToList();
        Assert.DoesNotContain("db.system", nestedKeys);
        Assert.Contains("digest", nestedKeys); // binary tags are never elevated
        Assert.Empty(root.GetProperty("process").GetProperty("tags").EnumerateArray());
        var read = codec.RoundTrip(span);
        SpanAssert.AttributesEqual(span.Attributes, read.Attributes, "attributes");
        SpanAssert.AttributesEqual(span.Resource.Attributes, read.Resource.Attributes, "resource");
    }

    [Fact]
    public void All_tags_as_fields_types_elevated_values_by_their_json_kind()
    {
        var codec = new SpanDocumentCodec(new TagFieldPolicy(true, [], "#"));
        var document = """
            {"traceID":"1","spanID":"2","operationName":"op","startTime":1,"duration":1,"tags":[],
             "tag":{"http#status_code":200,"ratio":1.0,"flag":true,"text":"x","big":1e3},
             "process":{"serviceName":"s","tag":{"k8s#pod":"p-1"}}}
            """;

        var span = codec.Decode(Encoding.UTF8.GetBytes(document));

        Assert.Equal(new TraceId(0, 1), span.TraceId);
        SpanAssert.AttributesEqual(
            [new("http.status_code", AttributeValue.Int(200)), new("ratio", AttributeValue.Double(1.0)), new("flag", AttributeValue.Bool(true)),
             new("text", AttributeValue.String("x")), new("big", AttributeValue.Double(1000))],
            span.Attributes, "attributes");
        Assert.Contains(new KeyValue("k8s.pod", AttributeValue.String("p-1")), span.Resource.Attributes);
    }

    [Fact]
    public void Arrays_maps_and_empty_values_are_stored_as_strings_and_base64_binary_is_accepted()
    {
        var span = new SpanBuilder(new TraceId(1, 2), new SpanId(3), FixtureTraces.Service("s"), "op", s_start, TimeSpan.FromMilliseconds(1))
            .Attr("list", AttributeValue.Array([AttributeValue.String("a"), AttributeValue.Int(2)]))
            .Attr("map", AttributeValue.KvList([new("k", AttributeValue.Bool(true))]))
            .Attr("empty", AttributeValue.Empty)
            .Build();

        var read = s_plain.RoundTrip(span);

        SpanAssert.AttributesEqual(
            [new("list", AttributeValue.String("[\"a\",2]")), new("map", AttributeValue.String("{\"k\":true}")), new("empty", AttributeValue.String(""))],
            read.Attributes, "attributes");
        Assert.Equal(AttributeValue.Bytes([0xca, 0xfe]), TagValues.Decode("binary", JsonDocument.Parse("\"yv4=\"").RootElement));
    }

    [Fact]
    public void Names_with_json_and_non_ascii_characters_are_escaped_not_spliced()
    {
        var span = new SpanBuilder(new TraceId(1, 2), new SpanId(3), FixtureTraces.Service("svc\"},{\"x\":\"ü"), "op\n\"}]", s_start, TimeSpan.FromMilliseconds(1))
            .Attr("k\"ey", "välue\\")
            .Build();

        var bytes = s_plain.Encode(span);
        var read = s_plain.Decode(bytes);

        using var document = JsonDocument.Parse(bytes);
        Assert.Equal("svc\"},{\"x\":\"ü", document.RootElement.GetProperty("process").GetProperty("serviceName").GetString());
        Assert.Contains("ü", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal); // UTF-8, not \u escapes
        Assert.Equal(span.Name, read.Name);
        Assert.Equal(span.ServiceName, read.ServiceName);
        SpanAssert.AttributesEqual(span.Attributes, read.Attributes, "attributes");
    }

    [Fact]
    public void A_document_without_a_valid_trace_id_is_refused()
    {
        Assert.Throws<FormatException>(() => s_plain.Decode("""{"traceID":"xyz","spanID":"1"}"""u8.ToArray()));
    }

    [Fact]
    public void Service_document_ids_are_jaegers_fnv1a_hash_in_unpadded_hex()
    {
        // FNV-1a 64 of "" is the offset basis; of "a" it is af63dc4c8601ec8c (published test vectors).
        Assert.Equal("cbf29ce484222325", DocumentIds.Service("", "", ""));
        Assert.Equal("af63dc4c8601ec8c", DocumentIds.Service("a", "", ""));
        Assert.Equal(DocumentIds.Service("ab", "c", ""), DocumentIds.Service("a", "bc", "")); // Jaeger hashes the plain concatenation
        Assert.NotEqual(DocumentIds.Service("svc", "op", ""), DocumentIds.Service("svc", "op", "server"));
    }

    private static string Compact(string json) => string.Concat(json.Split('\n').Select(static l => l.Trim()));
}
