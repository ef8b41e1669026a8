using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>
/// Turns a received frame into its message. Before the message body come, when flagged (spec §2.2): the tracing id
/// [uuid], the warnings [string list], then the custom payload [bytes map]. Bytes after a message are ignored (spec §1).
/// </summary>
internal static class BackendMessageParser
{
    public static BackendMessage Parse(CqlFrame frame, in ResponseContext context, out IReadOnlyList<string> warnings)
    {
        var reader = new CqlReader(frame.Body);
        if ((frame.Flags & CqlFrameFlags.Tracing) != 0)
        {
            reader.ReadUuid();
        }

        warnings = (frame.Flags & CqlFrameFlags.Warning) != 0 ? reader.ReadStringList() : [];
        if ((frame.Flags & CqlFrameFlags.CustomPayload) != 0)
        {
            reader.ReadBytesMap();
        }

        return frame.Opcode switch
        {
            CqlOpcode.Error => ErrorMessage.Read(ref reader, context),
            CqlOpcode.Ready => ReadyMessage.Instance,
            CqlOpcode.Authenticate => AuthenticateMessage.Read(ref reader),
            CqlOpcode.Supported => SupportedMessage.Read(ref reader),
            CqlOpcode.AuthChallenge => AuthChallengeMessage.Read(ref reader),
            CqlOpcode.AuthSuccess => AuthSuccessMessage.Read(ref reader),
            CqlOpcode.Result => ReadResult(ref reader, context),
            _ => ThrowHelper.ThrowProtocol<BackendMessage>($"unexpected response opcode 0x{(byte)frame.Opcode:X2}"),
        };
    }

    private static BackendMessage ReadResult(ref CqlReader reader, in ResponseContext context)
    {
        var kind = (CqlResultKind)reader.ReadInt();
        return kind switch
        {
            CqlResultKind.Void => VoidResult.Instance,
            CqlResultKind.Rows => RowsResult.Read(ref reader, context.ResultColumns),
            CqlResultKind.SetKeyspace => SetKeyspaceResult.Read(ref reader),
            CqlResultKind.Prepared => PreparedResult.Read(ref reader),
            CqlResultKind.SchemaChange => SchemaChangeResult.Read(ref reader),
            _ => ThrowHelper.ThrowProtocol<BackendMessage>($"unknown RESULT kind 0x{(int)kind:X4}"),
        };
    }
}
