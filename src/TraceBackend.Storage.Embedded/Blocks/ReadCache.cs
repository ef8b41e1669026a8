using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// State shared by the spans materialized in one read: strings interned by content, and one
/// <see cref="Resource"/> / <see cref="InstrumentationScope"/> instance per distinct value. Bounded: past the limits,
/// new values are no longer cached (still correct, just not shared). Not thread-safe.
/// </summary>
internal sealed class ReadCache
{
    private const int MaxInternedLength = 128;
    private const int MaxStrings = 65_536;
    private const int MaxShared = 4_096;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _stringLookup;
    private readonly Dictionary<ResourceKey, Resource> _resources = [];
    private readonly Dictionary<ScopeKey, InstrumentationScope> _scopes = [];

    public ReadCache() => _stringLookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string String(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return "";
        }

        if (chars.Length > MaxInternedLength)
        {
            return new string(chars);
        }

        if (_stringLookup.TryGetValue(chars, out var s))
        {
            return s;
        }

        s = new string(chars);
        if (_strings.Count < MaxStrings)
        {
            _strings[s] = s;
        }

        return s;
    }

    public Resource Resource(ImmutableArray<KeyValue> attributes, uint dropped)
    {
        if (attributes.IsEmpty && dropped == 0)
        {
            return Model.Resource.EmptyResource;
        }

        var key = new ResourceKey(attributes, dropped);
        if (_resources.TryGetValue(key, out var resource))
        {
            return resource;
        }

        resource = new Resource(attributes, dropped);
        if (_resources.Count < MaxShared)
        {
            _resources[key] = resource;
        }

        return resource;
    }

    public InstrumentationScope Scope(string name, string version, ImmutableArray<KeyValue> attributes, uint dropped)
    {
        if (name.Length == 0 && version.Length == 0 && attributes.IsEmpty && dropped == 0)
        {
            return InstrumentationScope.EmptyScope;
        }

        var key = new ScopeKey(name, version, new ResourceKey(attributes, dropped));
        if (_scopes.TryGetValue(key, out var scope))
        {
            return scope;
        }

        scope = new InstrumentationScope(name, version, attributes, dropped);
        if (_scopes.Count < MaxShared)
        {
            _scopes[key] = scope;
        }

        return scope;
    }

    private readonly struct ResourceKey(ImmutableArray<KeyValue> attributes, uint dropped) : IEquatable<ResourceKey>
    {
        public ImmutableArray<KeyValue> Attributes { get; } = attributes;

        public uint Dropped { get; } = dropped;

        public bool Equals(ResourceKey other) => Dropped == other.Dropped && Attributes.AsSpan().SequenceEqual(other.Attributes.AsSpan());

        public override bool Equals(object? obj) => obj is ResourceKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Dropped);
            foreach (var kv in Attributes)
            {
                hash.Add(kv.Key);
                // Scalars and strings hash cheaply; complex values hash by type only (equality still compares them).
                hash.Add(kv.Value.Type is AttributeType.Array or AttributeType.KvList or AttributeType.Bytes ? (int)kv.Value.Type : kv.Value.GetHashCode());
            }

            return hash.ToHashCode();
        }
    }

    private readonly record struct ScopeKey(string Name, string Version, ResourceKey Attributes);
}
