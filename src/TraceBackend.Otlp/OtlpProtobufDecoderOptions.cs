namespace TraceBackend.Otlp;

/// <summary>Opt-in decoding modes of <see cref="OtlpProtobufDecoder"/>. The defaults decode plain OTLP.</summary>
public sealed class OtlpProtobufDecoderOptions
{
    /// <summary>Plain OTLP decoding (every option off).</summary>
    public static readonly OtlpProtobufDecoderOptions Default = new();

    /// <summary>
    /// For payloads written by <see cref="OtlpProtobufEncoder"/> with <c>includeWarnings</c> (storage, not ingest):
    /// a span attribute <see cref="OtlpProtobufEncoder.WarningsAttributeKey"/> whose value is an array of strings is
    /// removed from the attributes and its strings become the first entries of <see cref="Model.Span.Warnings"/>
    /// (before any warnings the sanitizers add). Several such attributes are concatenated in wire order. One with
    /// any other value (not an array, or an array holding a non-string) stays an ordinary attribute. Only span
    /// attributes are lifted; event, link, scope and resource attributes are never touched. Default false.
    /// </summary>
    public bool LiftWarnings { get; init; }
}
