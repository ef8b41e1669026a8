namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>RESULT kind Void (spec §4.2.5.1).</summary>
internal sealed class VoidResult : BackendMessage
{
    public static readonly VoidResult Instance = new();

    private VoidResult()
    {
    }

    public override string Name => "RESULT Void";
}
