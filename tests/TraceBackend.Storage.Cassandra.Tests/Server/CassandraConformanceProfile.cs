using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Conformance;

namespace TraceBackend.Storage.Cassandra.Tests.Server;

/// <summary>
/// How <see cref="CassandraTraceStore"/> legitimately differs in the conformance suite, whatever the tables are
/// (a real server or the in-memory tables): spans read back as the row codec stores them (Jaeger's model: no link or
/// scope attributes, dropped counts as tags, resource dropped count lost), and dependencies are snapshots written by
/// the dependencies job, not computed from spans.
/// </summary>
internal static class CassandraConformanceProfile
{
    public static ConformanceCapabilities Capabilities { get; } = new() { Dependencies = false };

    public static Span StoredForm(Span written) => new SpanRowDecoder().Decode(SpanRowEncoder.Encode(written));
}
