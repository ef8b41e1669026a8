using System.Text;

namespace TraceBackend.Cql.Tests.Support;

/// <summary>Serialized values (spec §6) written by hand, without the [bytes] length.</summary>
internal static class V
{
    public static byte[] Text(string value) => Encoding.UTF8.GetBytes(value);

    public static byte[] Int(int value) => new SpecWriter().Int(value).ToArray();

    public static byte[] Long(long value) => new SpecWriter().Long(value).ToArray();

    public static byte[] Bool(bool value) => [value ? (byte)1 : (byte)0];

    public static byte[] Uuid(Guid value) => new SpecWriter().Uuid(value).ToArray();

    /// <summary>One [bytes] per element (list, set, UDT and tuple bodies), preceded by an [int] count for collections.</summary>
    public static byte[] Collection(params byte[]?[] elements)
    {
        var writer = new SpecWriter().Int(elements.Length);
        foreach (var element in elements)
        {
            writer.Bytes(element);
        }

        return writer.ToArray();
    }

    public static byte[] Fields(params byte[]?[] fields)
    {
        var writer = new SpecWriter();
        foreach (var field in fields)
        {
            writer.Bytes(field);
        }

        return writer.ToArray();
    }
}
