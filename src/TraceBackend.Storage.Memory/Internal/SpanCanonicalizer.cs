using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TraceBackend.Model;

namespace TraceBackend.Storage.Memory.Internal;

/// <summary>
/// Makes stored spans share repeated data so a million spans do not hold a million copies of the same
/// strings and resources: span names come from the operation index, attribute keys from a bounded intern
/// table, resources and scopes are deduplicated by content (bounded). A span is rebuilt only when one of
/// these changes; when everything is already shared the caller's instance is stored as is.
/// Not thread-safe: used under the store's write lock.
/// </summary>
internal sealed class SpanCanonicalizer
{
    /// <summary>Caps keep the tables bounded even with high-cardinality keys; beyond them values are kept as sent.</summary>
    internal const int MaxInternedStrings = 65_536;
    internal const int MaxInternedResources = 16_384;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<Resource> _resources = new(ResourceContentComparer.Instance);
    private readonly HashSet<InstrumentationScope> _scopes = new(ScopeContentComparer.Instance);

    // Spans of one batch usually share a resource/scope instance: remember the last mapping.
    private Resource? _lastResourceIn;
    private Resource? _lastResourceOut;
    private InstrumentationScope? _lastScopeIn;
    private InstrumentationScope? _lastScopeOut;

    /// <summary>Returns <paramref name="span"/> or an equal span that uses shared instances.</summary>
    /// <param name="internedName">A string equal to <c>span.Name</c> that stored spans share.</param>
    public Span Canonicalize(Span span, string internedName)
    {
        var resource = CanonicalResource(span.Resource);
        var scope = CanonicalScope(span.Scope);
        var attributes = InternKeys(span.Attributes);
        if (ReferenceEquals(resource, span.Resource)
            && ReferenceEquals(scope, span.Scope)
            && ReferenceEquals(internedName, span.Name)
            && attributes == span.Attributes)
        {
            return span;
        }

        // Keep in sync with Span's properties (MemoryStoreInternalsTests checks the list).
        return new Span
        {
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            ParentSpanId = span.ParentSpanId,
            TraceState = span.TraceState,
            Flags = span.Flags,
            Name = internedName,
            Kind = span.Kind,
            StartTimeUnixNano = span.StartTimeUnixNano,
            EndTimeUnixNano = span.EndTimeUnixNano,
            Attributes = attributes,
            DroppedAttributesCount = span.DroppedAttributesCount,
            Events = span.Events,
            DroppedEventsCount = span.DroppedEventsCount,
            Links = span.Links,
            DroppedLinksCount = span.DroppedLinksCount,
            Status = span.Status,
            Resource = resource,
            Scope = scope,
            Warnings = span.Warnings,
        };
    }

    private Resource CanonicalResource(Resource resource)
    {
        if (ReferenceEquals(resource, _lastResourceIn))
        {
            return _lastResourceOut!;
        }

        if (!_resources.TryGetValue(resource, out var shared))
        {
            shared = resource;
            if (_resources.Count < MaxInternedResources)
            {
                _resources.Add(resource);
            }
        }

        _lastResourceIn = resource;
        _lastResourceOut = shared;
        return shared;
    }

    private InstrumentationScope CanonicalScope(InstrumentationScope scope)
    {
        if (ReferenceEquals(scope, _lastScopeIn))
        {
            return _lastScopeOut!;
        }

        if (!_scopes.TryGetValue(scope, out var shared))
        {
            shared = scope;
            if (_scopes.Count < MaxInternedResources)
            {
                _scopes.Add(scope);
            }
        }

        _lastScopeIn = scope;
        _lastScopeOut = shared;
        return shared;
    }

    /// <summary>Same array when every key already is the interned instance, otherwise a copy with interned keys.</summary>
    private ImmutableArray<KeyValue> InternKeys(ImmutableArray<KeyValue> attributes)
    {
        KeyValue[]? copy = null;
        for (var i = 0; i < attributes.Length; i++)
        {
            var key = attributes[i].Key;
            var interned = Intern(key);
            if (!ReferenceEquals(key, interned))
            {
                copy ??= [.. attributes];
                copy[i] = attributes[i] with { Key = interned };
            }
        }

        return copy is null ? attributes : ImmutableCollectionsMarshal.AsImmutableArray(copy);
    }

    private string Intern(string value)
    {
        if (_strings.TryGetValue(value, out var interned))
        {
            return interned;
        }

        if (_strings.Count < MaxInternedStrings)
        {
            _strings.Add(value, value);
        }

        return value;
    }
}
