using TraceBackend.JaegerModel;
using TraceBackend.Model;

namespace TraceBackend.Query.Json;

/// <summary>
/// Assigns v1 process keys (<c>p1</c>, <c>p2</c>, …) in order of first appearance. Resources that render as the
/// same process (same service name and same tag list) share a key, even when they are different objects.
/// </summary>
internal sealed class ProcessTable
{
    private readonly List<Resource> _processes = [];
    private readonly Dictionary<Resource, int> _indexByResource = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyList<Resource> Processes => _processes;

    /// <summary>The zero-based process index of <paramref name="resource"/>; its key is <c>p{index + 1}</c>.</summary>
    public int IndexOf(Resource resource)
    {
        if (_indexByResource.TryGetValue(resource, out var index))
        {
            return index;
        }

        index = -1;
        for (var i = 0; i < _processes.Count; i++)
        {
            if (SameProcess(_processes[i], resource))
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            index = _processes.Count;
            _processes.Add(resource);
        }

        _indexByResource[resource] = index;
        return index;
    }

    public static string Key(int index) => index switch
    {
        0 => "p1",
        1 => "p2",
        2 => "p3",
        _ => "p" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>True for <c>service.name</c>, which becomes <c>serviceName</c> and is not a process tag.</summary>
    public static bool IsProcessTag(in KeyValue kv) => JaegerSpanMapping.IsProcessTag(kv);

    private static bool SameProcess(Resource a, Resource b)
    {
        if (a.ServiceName != b.ServiceName)
        {
            return false;
        }

        var i = 0;
        var j = 0;
        var left = a.Attributes;
        var right = b.Attributes;
        while (true)
        {
            while (i < left.Length && !IsProcessTag(left[i]))
            {
                i++;
            }

            while (j < right.Length && !IsProcessTag(right[j]))
            {
                j++;
            }

            if (i == left.Length || j == right.Length)
            {
                return i == left.Length && j == right.Length;
            }

            if (left[i] != right[j])
            {
                return false;
            }

            i++;
            j++;
        }
    }
}
