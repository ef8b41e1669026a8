using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// Which tags get <c>tag_index</c> rows, exactly as Jaeger's writer decides (<c>GetAllUniqueTags</c>,
/// <c>TagFilterDropAll</c>, the exact-match allow/deny filters and <c>shouldIndexTag</c>):
/// <list type="number">
/// <item>Categories: process tags, span tags and log fields, each unless disabled.</item>
/// <item>Keys: with an allow list only listed keys, with a deny list all but the listed keys (never both).</item>
/// <item>Binary values are never indexed.</item>
/// <item>Key and value (in its <see cref="DbKeyValue.AsIndexString"/> form) must each be under 256 UTF-8 bytes and valid
/// UTF-8 (no lone surrogate), and the value must not be a JSON object (starts with <c>{</c> and parses).</item>
/// <item>One row per distinct (key, value); Jaeger de-duplicates by typed value, which gives the same rows since rows
/// with equal keys overwrite each other.</item>
/// </list>
/// Queries use <see cref="CanFind"/> to decide whether the index can be trusted for a tag. Immutable.
/// </summary>
internal sealed class TagIndexPolicy
{
    public const int MaxKeyOrValueBytes = 256;

    private readonly HashSet<string>? _allow;
    private readonly HashSet<string>? _deny;

    public TagIndexPolicy(bool indexTags, bool indexProcessTags, bool indexLogs, IReadOnlyCollection<string> allowList, IReadOnlyCollection<string> denyList)
    {
        if (allowList.Count > 0 && denyList.Count > 0)
        {
            throw new ArgumentException("only one of the tag index allow list and deny list can be set");
        }

        IndexTags = indexTags;
        IndexProcessTags = indexProcessTags;
        IndexLogs = indexLogs;
        _allow = allowList.Count > 0 ? new HashSet<string>(allowList, StringComparer.Ordinal) : null;
        _deny = denyList.Count > 0 ? new HashSet<string>(denyList, StringComparer.Ordinal) : null;
    }

    public static TagIndexPolicy All { get; } = new(true, true, true, [], []);

    public bool IndexTags { get; }

    public bool IndexProcessTags { get; }

    public bool IndexLogs { get; }

    /// <summary>The distinct (key, value) pairs of a row that get index rows: process tags, span tags, log fields.</summary>
    public IReadOnlyCollection<(string Key, string Value)> IndexedTags(SpanRow row)
    {
        var result = new HashSet<(string, string)>();
        foreach (var pair in ProcessTags(row.Process))
        {
            result.Add(pair);
        }

        if (IndexTags)
        {
            Collect(row.Tags, result);
        }

        if (IndexLogs)
        {
            for (var i = 0; i < row.Logs.Count; i++)
            {
                Collect(row.Logs[i].Fields, result);
            }
        }

        return result;
    }

    /// <summary>
    /// The (key, value) pairs of a process's tags that get index rows, in tag order (a pair may repeat), or none when
    /// process tags are not indexed. Depends only on the process, so spans sharing a process can share the result.
    /// </summary>
    public (string Key, string Value)[] ProcessTags(DbProcess? process)
    {
        if (!IndexProcessTags || process is null || process.Tags.Count == 0)
        {
            return [];
        }

        var pairs = new List<(string, string)>(process.Tags.Count);
        for (var i = 0; i < process.Tags.Count; i++)
        {
            var tag = process.Tags[i];
            if (TryGetIndexValue(tag, out var value))
            {
                pairs.Add((tag.Key, value));
            }
        }

        return [.. pairs];
    }

    /// <summary>
    /// Whether a tag of an indexed category gets an index row (key allowed, not binary, <see cref="IsIndexable"/>),
    /// and its <c>tag_value</c> (<see cref="DbKeyValue.AsIndexString"/>).
    /// </summary>
    public bool TryGetIndexValue(DbKeyValue tag, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (tag.ValueType == DbValueTypes.Binary || !KeyAllowed(tag.Key))
        {
            return false;
        }

        var text = tag.AsIndexString();
        if (!IsIndexable(tag.Key, text))
        {
            return false;
        }

        value = text;
        return true;
    }

    /// <summary>
    /// True when every span that <see cref="SpanMatcher"/> accepts for tag <paramref name="key"/> =
    /// <paramref name="value"/> has a <c>tag_index</c> row for it, so a search may take its candidates from that index:
    /// all categories are indexed, the key passes the allow/deny lists, the pair passes the size, UTF-8 and JSON checks,
    /// the key is not one the matcher resolves through an alias (<c>otel.library.*</c> match the scope, indexed as
    /// <c>otel.scope.*</c>), and a numeric value is in the index's float form (the matcher compares floats in .NET's
    /// shortest form, the index holds Go's <c>%.10g</c>; they differ for exponents and more than 10 digits).
    /// </summary>
    public bool CanFind(string key, string value) =>
        IndexTags && IndexProcessTags && IndexLogs && KeyAllowed(key) && IsIndexable(key, value)
        && key is not ("otel.library.name" or "otel.library.version")
        && !(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && GoFloatFormat.FormatG(number, 10) != value && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));

    /// <summary>Jaeger's <c>shouldIndexTag</c>: sizes under 256 UTF-8 bytes, valid UTF-8, value not a JSON object.</summary>
    public static bool IsIndexable(string key, string value) =>
        IsShortValidUtf8(key) && IsShortValidUtf8(value) && !IsJsonObject(value);

    private bool KeyAllowed(string key) => (_allow is null || _allow.Contains(key)) && (_deny is null || !_deny.Contains(key));

    private void Collect(IReadOnlyList<DbKeyValue> tags, HashSet<(string, string)> result)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (TryGetIndexValue(tag, out var value))
            {
                result.Add((tag.Key, value));
            }
        }
    }

    private static bool IsShortValidUtf8(string text)
    {
        if (text.Length >= MaxKeyOrValueBytes)
        {
            // Every UTF-16 code unit takes at least one UTF-8 byte.
            return false;
        }

        if (Ascii.IsValid(text))
        {
            // One byte per code unit, and no surrogates.
            return true;
        }

        var bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                bytes += 4;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
            else
            {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }

        return bytes < MaxKeyOrValueBytes;
    }

    private static bool IsJsonObject(string value)
    {
        if (!value.StartsWith('{'))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(value), new JsonReaderOptions { MaxDepth = MaxKeyOrValueBytes });
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
