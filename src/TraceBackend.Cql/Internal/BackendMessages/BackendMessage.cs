namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>A parsed response message (spec §4.2). One subclass per message or RESULT kind.</summary>
internal abstract class BackendMessage
{
    public abstract string Name { get; }
}
