using System.Collections.Immutable;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.JaegerModel;

internal sealed partial class JaegerSpanMapper
{
    // Distinct resources of this request, so spans of equal processes share one instance.
    private const int MaxCachedResources = 16;

    private readonly List<(Resource Resource, ImmutableArray<string> Warnings)> _resources = [];

    /// <summary>
    /// The resource of a Jaeger process (upstream <c>jProcessToInternalResource</c>), then the OTLP
    /// <c>service.name</c> sanitizer (<paramref name="warnings"/> holds its warning, if any):
    /// <list type="bullet">
    /// <item>No process (<paramref name="hasProcess"/> false), service name <c>OTLPResourceNoServiceName</c>, or
    /// an empty service name without tags → no attributes (so the sanitizer adds <c>missing-service-name</c>).</item>
    /// <item>Otherwise <c>service.name</c> = the service name (when not empty), then every tag with map semantics
    /// (a <c>service.name</c> tag overrides it).</item>
    /// <item><c>hostname</c> → <c>host.name</c> (same value) and removed, unless <c>host.name</c> is present.</item>
    /// <item><c>jaeger.version</c> v → <c>opencensus.exporterversion</c> = <c>"Jaeger-" + v</c> and removed, unless
    /// <c>opencensus.exporterversion</c> is present. Other tags (<c>ip</c>, <c>client-uuid</c>, …) stay.</item>
    /// </list>
    /// Equal resources of one request are returned as one shared instance.
    /// </summary>
    public Resource MapResource(bool hasProcess, string serviceName, IReadOnlyList<KeyValue> tags, out ImmutableArray<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        ArgumentNullException.ThrowIfNull(tags);
        var attributes = _attributes;
        attributes.Clear();
        if (hasProcess && serviceName != JaegerTagNames.ResourceNoServiceName && (serviceName.Length != 0 || tags.Count != 0))
        {
            if (serviceName.Length != 0)
            {
                attributes.Put(_keys.Intern(Resource.ServiceNameKey), AttributeValue.String(serviceName));
            }

            foreach (var tag in tags)
            {
                attributes.Put(tag.Key, tag.Value);
            }

            if (attributes.TryGet(JaegerTagNames.Hostname, out var hostname) && !attributes.Contains(JaegerTagNames.HostName))
            {
                attributes.Put(_keys.Intern(JaegerTagNames.HostName), hostname);
                attributes.Remove(JaegerTagNames.Hostname);
            }

            if (attributes.TryGet(JaegerTagNames.JaegerVersion, out var version) && !attributes.Contains(JaegerTagNames.ExporterVersion))
            {
                attributes.Put(_keys.Intern(JaegerTagNames.ExporterVersion), AttributeValue.String(JaegerTagNames.ExporterVersionPrefix + StringOf(version)));
                attributes.Remove(JaegerTagNames.JaegerVersion);
            }
        }

        var resource = OtlpConverter.CreateResource(attributes.ToArray(), 0, out var warning);
        foreach (var cached in _resources)
        {
            if (cached.Resource.ContentEquals(resource) && (warning is null ? cached.Warnings.IsEmpty : cached.Warnings is [var w] && w == warning))
            {
                warnings = cached.Warnings;
                return cached.Resource;
            }
        }

        warnings = warning is null ? [] : [warning];
        if (_resources.Count < MaxCachedResources)
        {
            _resources.Add((resource, warnings));
        }

        return resource;
    }
}
