using TraceBackend.Query.Parsing;

namespace TraceBackend.Query.Tests.Parsing;

public sealed class TagParametersTests
{
    [Fact]
    public void Simple_tags_split_at_first_colon()
    {
        var tags = TagParameters.Parse(["http.url:http://x:80/a", "error:true", ":empty-key", "k:"], []);
        Assert.Equal("http://x:80/a", tags["http.url"]);
        Assert.Equal("true", tags["error"]);
        Assert.Equal("empty-key", tags[""]);
        Assert.Equal("", tags["k"]);
    }

    [Fact]
    public void Simple_tag_without_colon_is_rejected()
    {
        var ex = Assert.Throws<QueryParameterException>(() => TagParameters.Parse(["novalue"], []));
        Assert.Equal("malformed 'tag' parameter, expecting key:value, received: novalue", ex.Message);
    }

    [Fact]
    public void Json_tags_are_merged_and_override_simple_tags()
    {
        var tags = TagParameters.Parse(
            ["a:simple", "b:kept"],
            ["{\"a\":\"json\",\"http.status_code\":\"500\"}", "{\"error\":\"true\",\"n\":null}"]);
        Assert.Equal(5, tags.Count);
        Assert.Equal("json", tags["a"]);
        Assert.Equal("kept", tags["b"]);
        Assert.Equal("500", tags["http.status_code"]);
        Assert.Equal("true", tags["error"]);
        Assert.Equal("", tags["n"]);
    }

    [Fact]
    public void Json_null_document_means_no_tags()
    {
        Assert.Empty(TagParameters.Parse([], ["null"]));
    }

    [Theory]
    [InlineData("{\"code\":500}", "json: cannot unmarshal number into Go value of type string")]
    [InlineData("{\"error\":true}", "json: cannot unmarshal bool into Go value of type string")]
    [InlineData("{\"a\":[\"x\"]}", "json: cannot unmarshal array into Go value of type string")]
    [InlineData("{\"a\":{\"b\":\"c\"}}", "json: cannot unmarshal object into Go value of type string")]
    [InlineData("[\"a\"]", "json: cannot unmarshal array into Go value of type map[string]string")]
    [InlineData("\"a\"", "json: cannot unmarshal string into Go value of type map[string]string")]
    [InlineData("", "unexpected end of JSON input")]
    [InlineData("{\"a\":\"b\"", "unexpected end of JSON input")]
    public void Json_tags_with_wrong_types_are_rejected(string json, string goError)
    {
        var ex = Assert.Throws<QueryParameterException>(() => TagParameters.Parse([], [json]));
        Assert.Equal("malformed 'tags' parameter, cannot unmarshal JSON: " + goError, ex.Message);
    }

    [Fact]
    public void Json_syntax_errors_are_rejected()
    {
        var ex = Assert.Throws<QueryParameterException>(() => TagParameters.Parse([], ["{a:1}"]));
        Assert.StartsWith("malformed 'tags' parameter, cannot unmarshal JSON: ", ex.Message);
    }
}
