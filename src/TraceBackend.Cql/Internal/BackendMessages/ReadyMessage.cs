namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>READY (spec §4.2.2): empty body; the connection accepts queries.</summary>
internal sealed class ReadyMessage : BackendMessage
{
    public static readonly ReadyMessage Instance = new();

    private ReadyMessage()
    {
    }

    public override string Name => "READY";
}
