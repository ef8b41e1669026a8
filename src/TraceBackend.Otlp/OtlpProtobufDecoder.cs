using System.Buffers;
using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Otlp;

/// <summary>
/// Decodes an OTLP/protobuf <c>ExportTraceServiceRequest</c> straight into model spans in one pass over the
/// bytes, without the Google.Protobuf object graph. The result equals
/// <c>OtlpConverter.Convert(ExportTraceServiceRequest.Parser.ParseFrom(bytes))</c>: same spans, rejections,
/// sanitizers, warnings, Resource/Scope sharing and key pool (the converter's). Wire semantics follow
/// Google.Protobuf: unknown fields (and known fields with an unexpected wire type) are skipped, a repeated
/// singular scalar field keeps its last value, and a repeated singular message field is merged (resource,
/// scope and status: fields accumulate, repeated ones append) — except <c>KeyValue.value</c>, where the last
/// occurrence wins (Google.Protobuf would concatenate the arrays/kvlists of two occurrences; no encoder emits
/// that). Differences: malformed input, including invalid UTF-8 in a string (which Google.Protobuf replaces
/// with U+FFFD), throws <see cref="OtlpDecodeException"/>. Thread-safe.
/// </summary>
public sealed partial class OtlpProtobufDecoder
{
    private const uint Varint = ProtoReader.WireVarint;
    private const uint Fixed64 = ProtoReader.WireFixed64;
    private const uint Delimited = ProtoReader.WireLengthDelimited;
    private const uint Fixed32 = ProtoReader.WireFixed32;

    [ThreadStatic]
    private static DecodeScratch? t_scratch;

    private readonly KeyInterner _keys;
    private readonly bool _liftWarnings;

    public OtlpProtobufDecoder()
        : this(new OtlpConverter())
    {
    }

    /// <summary>Shares <paramref name="converter"/>'s attribute key pool.</summary>
    public OtlpProtobufDecoder(OtlpConverter converter)
        : this(converter, OtlpProtobufDecoderOptions.Default)
    {
    }

    /// <summary>Shares <paramref name="converter"/>'s attribute key pool; <paramref name="options"/> select opt-in modes.</summary>
    public OtlpProtobufDecoder(OtlpConverter converter, OtlpProtobufDecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(converter);
        ArgumentNullException.ThrowIfNull(options);
        _keys = converter.Keys;
        _liftWarnings = options.LiftWarnings;
    }

    /// <summary>A decoder with its own key pool and <paramref name="options"/>.</summary>
    public OtlpProtobufDecoder(OtlpProtobufDecoderOptions options)
        : this(new OtlpConverter(), options)
    {
    }

    /// <summary>Decodes a payload in one or more segments (multi-segment payloads are copied once into a pooled buffer).</summary>
    /// <exception cref="OtlpDecodeException">The payload is not a decodable OTLP/protobuf request.</exception>
    public OtlpConversionResult Decode(ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return Decode(payload.FirstSpan);
        }

        if (payload.Length > Array.MaxLength)
        {
            throw new OtlpDecodeException($"invalid OTLP protobuf: payload of {payload.Length} bytes is too large");
        }

        var length = (int)payload.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            return Decode(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes a payload; the returned spans hold no reference to <paramref name="payload"/>.</summary>
    /// <exception cref="OtlpDecodeException">The payload is not a decodable OTLP/protobuf request.</exception>
    public OtlpConversionResult Decode(ReadOnlySpan<byte> payload)
    {
        var scratch = t_scratch ?? new DecodeScratch();
        t_scratch = null;
        try
        {
            var rejections = new RejectionLog();
            var reader = new ProtoReader(payload);
            var resourceIndex = 0;
            while (reader.TryReadTag(out var tag))
            {
                if (tag == Tag(1, Delimited))
                {
                    DecodeResourceSpans(reader.ReadMessage(), resourceIndex++, scratch, rejections);
                }
                else
                {
                    reader.SkipField(tag);
                }
            }

            var spans = new List<Span>(scratch.Spans.Count);
            spans.AddRange(scratch.Spans.Peek(0));
            return rejections.ToResult(spans);
        }
        finally
        {
            scratch.Reset();
            t_scratch = scratch.IsOversized ? null : scratch;
        }
    }

    private static uint Tag(uint field, uint wireType) => (field << 3) | wireType;

    /// <summary>Two passes: the resource (wherever it appears) first, so its spans can share it.</summary>
    private void DecodeResourceSpans(ProtoReader reader, int resourceIndex, DecodeScratch scratch, RejectionLog rejections)
    {
        var spans = reader;
        var attributesStart = scratch.Attributes.Count;
        uint dropped = 0;
        while (reader.TryReadTag(out var tag))
        {
            if (tag == Tag(1, Delimited))
            {
                var resource = reader.ReadMessage();
                while (resource.TryReadTag(out var field))
                {
                    switch (field)
                    {
                        case (1u << 3) | Delimited:
                            scratch.Attributes.Push(DecodeKeyValue(resource.ReadMessage(), scratch));
                            break;
                        case (2u << 3) | Varint:
                            dropped = (uint)resource.ReadVarint();
                            break;
                        default:
                            resource.SkipField(field);
                            break;
                    }
                }
            }
            else
            {
                reader.SkipField(tag);
            }
        }

        var model = OtlpConverter.CreateResource(scratch.Attributes.Peek(attributesStart), dropped, out var warning);
        scratch.Attributes.Truncate(attributesStart);
        var resourceWarnings = warning is null ? ImmutableArray<string>.Empty : [warning];

        var scopeIndex = 0;
        while (spans.TryReadTag(out var tag))
        {
            if (tag == Tag(2, Delimited))
            {
                DecodeScopeSpans(spans.ReadMessage(), new SpanContext(model, resourceWarnings, resourceIndex, scopeIndex++), scratch, rejections);
            }
            else
            {
                spans.SkipField(tag);
            }
        }
    }

    /// <summary>Two passes, like <see cref="DecodeResourceSpans"/>: the scope first.</summary>
    private void DecodeScopeSpans(ProtoReader reader, SpanContext context, DecodeScratch scratch, RejectionLog rejections)
    {
        var spans = reader;
        var attributesStart = scratch.Attributes.Count;
        string name = "", version = "";
        uint dropped = 0;
        while (reader.TryReadTag(out var tag))
        {
            if (tag != Tag(1, Delimited))
            {
                reader.SkipField(tag);
                continue;
            }

            var scope = reader.ReadMessage();
            while (scope.TryReadTag(out var field))
            {
                switch (field)
                {
                    case (1u << 3) | Delimited:
                        name = scope.ReadString();
                        break;
                    case (2u << 3) | Delimited:
                        version = scope.ReadString();
                        break;
                    case (3u << 3) | Delimited:
                        scratch.Attributes.Push(DecodeKeyValue(scope.ReadMessage(), scratch));
                        break;
                    case (4u << 3) | Varint:
                        dropped = (uint)scope.ReadVarint();
                        break;
                    default:
                        scope.SkipField(field);
                        break;
                }
            }
        }

        var attributes = scratch.Attributes.Pop(attributesStart);
        context = context with
        {
            Scope = name.Length == 0 && version.Length == 0 && attributes.Length == 0 && dropped == 0
                ? InstrumentationScope.EmptyScope
                : new InstrumentationScope(name, version, attributes, dropped),
        };

        var spanIndex = 0;
        while (spans.TryReadTag(out var tag))
        {
            if (tag == Tag(2, Delimited))
            {
                DecodeSpan(spans.ReadMessage(), context, spanIndex++, scratch, rejections);
            }
            else
            {
                spans.SkipField(tag);
            }
        }
    }

    /// <summary>What the spans of one <c>ScopeSpans</c> share, and where they are in the request.</summary>
    private readonly record struct SpanContext(Resource Resource, ImmutableArray<string> ResourceWarnings, int ResourceIndex, int ScopeIndex)
    {
        public InstrumentationScope Scope { get; init; } = InstrumentationScope.EmptyScope;
    }
}
