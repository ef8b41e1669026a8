using System.Buffers;
using System.Runtime.InteropServices;
using TraceBackend.Model;

namespace TraceBackend.Otlp;

/// <summary>
/// Encodes model spans as the OTLP/protobuf bytes of an <c>ExportTraceServiceRequest</c> (equally a
/// <c>TracesData</c>: both are field 1 = repeated <c>ResourceSpans</c>), without building Google.Protobuf
/// objects. Two passes over the batch: the first records every nested message's length, the second writes
/// the bytes straight into the output, so nothing is copied or back-patched.
/// <para>
/// Grouping: spans are grouped by resource, then by scope, each group in first-appearance order and spans in
/// input order within their group. Resources are one group when they are the same object or have the same
/// attributes (in order) and dropped count; scopes likewise (same name, version, attributes, dropped count),
/// within their resource. So the spans decoded from one request come back in the same ResourceSpans →
/// ScopeSpans → spans structure (unless that request repeated an identical resource or scope, which is merged).
/// </para>
/// <para>
/// Wire form: fields in field-number order, as Google.Protobuf writes them, so <c>ParseFrom(bytes).ToByteArray()</c>
/// gives the same bytes. Proto3 defaults (zero, empty) are omitted, except that an <c>AnyValue</c>'s set case
/// is always written (int 0, false, "" keep their type); an Empty attribute value is an <c>AnyValue</c> with no
/// case (<c>KeyValue.value</c> is still written, empty). IDs are written as 16/8 bytes; an empty parent span ID
/// is omitted. A resource or scope with no content is omitted; so is an unset status with no message.
/// <see cref="Span.Warnings"/> have no OTLP field and are dropped, unless <c>includeWarnings</c> is set (storage
/// use, e.g. the write-ahead log): then a span with warnings gets one extra attribute
/// <see cref="WarningsAttributeKey"/> (an array of strings, in order) after its own attributes, which
/// <see cref="OtlpProtobufDecoder"/> with <see cref="OtlpProtobufDecoderOptions.LiftWarnings"/> turns back into
/// <see cref="Span.Warnings"/>.
/// </para>
/// Thread-safe (per-thread scratch buffers). A message over 2 GiB throws <see cref="OverflowException"/>.
/// </summary>
public static partial class OtlpProtobufEncoder
{
    [ThreadStatic]
    private static EncodeScratch? t_scratch;

    /// <summary>
    /// Span attribute key that carries <see cref="Span.Warnings"/> when encoding with <c>includeWarnings</c> (the
    /// key Jaeger v2 uses internally): an <c>AnyValue</c> array of strings.
    /// </summary>
    public const string WarningsAttributeKey = "@jaeger@warnings";

    /// <summary>Appends the encoded request to <paramref name="output"/> (nothing for no spans). Warnings are dropped.</summary>
    public static void Write(IReadOnlyList<Span> spans, IBufferWriter<byte> output) => Write(spans, output, includeWarnings: false);

    /// <summary>
    /// Appends the encoded request to <paramref name="output"/> (nothing for no spans). With
    /// <paramref name="includeWarnings"/>, each span with non-empty <see cref="Span.Warnings"/> also carries them as
    /// the attribute <see cref="WarningsAttributeKey"/>, written after the span's own attributes.
    /// </summary>
    public static void Write(IReadOnlyList<Span> spans, IBufferWriter<byte> output, bool includeWarnings)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentNullException.ThrowIfNull(output);
        var scratch = Rent();
        try
        {
            var total = Plan(spans, scratch, includeWarnings);
            var writer = new ProtoWriter(output, total);
            Emit(spans, scratch, ref writer, includeWarnings);
            writer.Flush();
        }
        finally
        {
            Return(scratch);
        }
    }

    /// <summary>The encoded request, in an array of exactly its length. Warnings are dropped.</summary>
    public static byte[] Encode(IReadOnlyList<Span> spans) => Encode(spans, includeWarnings: false);

    /// <summary>The encoded request, in an array of exactly its length; <paramref name="includeWarnings"/> as for <see cref="Write(IReadOnlyList{Span}, IBufferWriter{byte}, bool)"/>.</summary>
    public static byte[] Encode(IReadOnlyList<Span> spans, bool includeWarnings)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var scratch = Rent();
        try
        {
            var total = Plan(spans, scratch, includeWarnings);
            var bytes = GC.AllocateUninitializedArray<byte>(total);
            var writer = new ProtoWriter(bytes);
            Emit(spans, scratch, ref writer, includeWarnings);
            return bytes;
        }
        finally
        {
            Return(scratch);
        }
    }

    private static EncodeScratch Rent()
    {
        var scratch = t_scratch ?? new EncodeScratch();
        t_scratch = null;
        return scratch;
    }

    private static void Return(EncodeScratch scratch)
    {
        scratch.Reset();
        t_scratch = scratch.IsOversized ? null : scratch;
    }

    /// <summary>Groups the spans and records the message sizes; returns the request's length.</summary>
    private static int Plan(IReadOnlyList<Span> spans, EncodeScratch scratch, bool includeWarnings)
    {
        Group(spans, scratch);
        return SizeRequest(spans, scratch, includeWarnings);
    }

    /// <summary>Fills the scratch's groups, <see cref="EncodeScratch.ScopeOrder"/> and <see cref="EncodeScratch.SpanOrder"/>.</summary>
    private static void Group(IReadOnlyList<Span> spans, EncodeScratch scratch)
    {
        scratch.EnsureSpanCapacity(spans.Count);
        var groups = scratch.SpanGroups;
        Resource? lastResource = null;
        InstrumentationScope? lastScope = null;
        var lastGroup = -1;
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i] ?? throw new ArgumentException($"span {i} is null", nameof(spans));
            if (!ReferenceEquals(span.Resource, lastResource) || !ReferenceEquals(span.Scope, lastScope))
            {
                lastResource = span.Resource;
                lastScope = span.Scope;
                lastGroup = ScopeGroupOf(ResourceGroupOf(span.Resource, scratch), span.Scope, scratch);
            }

            groups[i] = lastGroup;
            CollectionsMarshal.AsSpan(scratch.Scopes)[lastGroup].Count++;
        }

        // Scope groups by resource group (stable), then each group's slice of the span order.
        var scopes = CollectionsMarshal.AsSpan(scratch.Scopes);
        for (var r = 0; r < scratch.Resources.Count; r++)
        {
            for (var g = 0; g < scopes.Length; g++)
            {
                if (scopes[g].Resource == r)
                {
                    scratch.ScopeOrder.Add(g);
                }
            }
        }

        var start = 0;
        foreach (var g in scratch.ScopeOrder)
        {
            scopes[g].Start = start;
            start += scopes[g].Count;
            scopes[g].Count = 0;
        }

        var order = scratch.SpanOrder;
        for (var i = 0; i < spans.Count; i++)
        {
            ref var group = ref scopes[groups[i]];
            order[group.Start + group.Count++] = i;
        }
    }

    /// <summary>Identity first; a new object is compared by content with the groups so far (once per object).</summary>
    private static int ResourceGroupOf(Resource resource, EncodeScratch scratch)
    {
        if (scratch.ResourceByIdentity.TryGetValue(resource, out var group))
        {
            return group;
        }

        group = -1;
        for (var r = 0; r < scratch.Resources.Count; r++)
        {
            var candidate = scratch.Resources[r];
            if (candidate.DroppedAttributesCount == resource.DroppedAttributesCount && candidate.ContentEquals(resource))
            {
                group = r;
                break;
            }
        }

        if (group < 0)
        {
            group = scratch.Resources.Count;
            scratch.Resources.Add(resource);
        }

        scratch.ResourceByIdentity.Add(resource, group);
        return group;
    }

    private static int ScopeGroupOf(int resourceGroup, InstrumentationScope scope, EncodeScratch scratch)
    {
        if (scratch.ScopeByIdentity.TryGetValue((resourceGroup, scope), out var group))
        {
            return group;
        }

        var scopes = CollectionsMarshal.AsSpan(scratch.Scopes);
        group = -1;
        for (var g = 0; g < scopes.Length; g++)
        {
            if (scopes[g].Resource == resourceGroup && ScopeContentEquals(scopes[g].Scope, scope))
            {
                group = g;
                break;
            }
        }

        if (group < 0)
        {
            group = scratch.Scopes.Count;
            scratch.Scopes.Add(new EncodeScratch.ScopeGroup { Resource = resourceGroup, Scope = scope });
        }

        scratch.ScopeByIdentity.Add((resourceGroup, scope), group);
        return group;
    }

    private static bool ScopeContentEquals(InstrumentationScope a, InstrumentationScope b) =>
        ReferenceEquals(a, b)
        || (a.Name == b.Name && a.Version == b.Version && a.DroppedAttributesCount == b.DroppedAttributesCount
            && a.Attributes.AsSpan().SequenceEqual(b.Attributes.AsSpan()));

    private static bool HasContent(Resource resource) => resource.Attributes.Length > 0 || resource.DroppedAttributesCount != 0;

    private static bool HasContent(InstrumentationScope scope) =>
        scope.Name.Length > 0 || scope.Version.Length > 0 || scope.Attributes.Length > 0 || scope.DroppedAttributesCount != 0;

    private static bool HasStatus(SpanStatus status) => status.Code != StatusCode.Unset || !string.IsNullOrEmpty(status.Message);
}
