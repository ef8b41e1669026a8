using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>SUPPORTED (spec §4.2.4): a [string multimap] from STARTUP option to its supported values.</summary>
internal sealed class SupportedMessage(IReadOnlyDictionary<string, IReadOnlyList<string>> options) : BackendMessage
{
    public override string Name => "SUPPORTED";

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Options { get; } = options;

    public static SupportedMessage Read(ref CqlReader reader) => new(reader.ReadStringMultimap());

    public bool Offers(string option, string value) =>
        Options.TryGetValue(option, out var values) && values.Contains(value, StringComparer.OrdinalIgnoreCase);
}
