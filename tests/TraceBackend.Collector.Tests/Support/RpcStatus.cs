using Google.Protobuf;

namespace TraceBackend.Collector.Tests.Support;

/// <summary>Decodes the code and message of a protobuf <c>google.rpc.Status</c>, and whether it has details.</summary>
internal static class RpcStatus
{
    public static (int Code, string Message, int Details) Parse(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        int code = 0, details = 0;
        var message = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: code = input.ReadInt32(); break;
                case 2: message = input.ReadString(); break;
                case 3: input.ReadBytes(); details++; break;
                default: input.SkipLastField(); break;
            }
        }

        return (code, message, details);
    }
}
