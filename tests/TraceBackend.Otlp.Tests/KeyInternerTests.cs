using System.Text;

namespace TraceBackend.Otlp.Tests;

public sealed class KeyInternerTests
{
    [Fact]
    public void Utf8_keys_share_the_pooled_string()
    {
        var keys = new KeyInterner();
        var first = keys.Intern("http.método"u8);
        Assert.Equal("http.método", first);
        Assert.Same(first, keys.Intern("http.método"u8));
        Assert.Same(first, keys.Intern("http.método"));
        Assert.Equal(1, keys.Count);
        Assert.Same("", keys.Intern(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Long_utf8_keys_and_keys_past_the_limit_are_not_pooled()
    {
        var keys = new KeyInterner(maxEntries: 1);
        var longKey = Encoding.UTF8.GetBytes(new string('€', KeyInterner.MaxKeyLength + 1));
        Assert.NotSame(keys.Intern(longKey), keys.Intern(longKey));
        Assert.Equal(0, keys.Count);

        var pooled = keys.Intern("a"u8);
        Assert.Same(pooled, keys.Intern("a"u8));
        Assert.NotSame(keys.Intern("b"u8), keys.Intern("b"u8));
        Assert.Equal(1, keys.Count);
    }
}
