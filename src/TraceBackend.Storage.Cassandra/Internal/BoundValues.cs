namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// Boxed bound values shared instead of allocated per value: <c>false</c>/<c>true</c>, small <see cref="int"/>s
/// (bucket numbers, flags), <see cref="long"/> 0 and <see cref="double"/> +0.0 (the fields a <c>keyvalue</c> of another
/// type leaves zero). A box from here equals a fresh box of the same value; the session only reads bound values.
/// </summary>
internal static class BoundValues
{
    private const int SmallInts = 16;

    private static readonly object s_false = false;
    private static readonly object s_true = true;
    private static readonly object s_zeroLong = 0L;
    private static readonly object s_zeroDouble = 0.0;
    private static readonly object[] s_ints = CreateInts();

    public static object Bool(bool value) => value ? s_true : s_false;

    public static object Int(int value) => (uint)value < SmallInts ? s_ints[value] : value;

    public static object Long(long value) => value == 0 ? s_zeroLong : value;

    /// <summary>Only +0.0 is shared: −0.0 is a different value (other bits) and gets its own box.</summary>
    public static object Double(double value) => BitConverter.DoubleToInt64Bits(value) == 0 ? s_zeroDouble : value;

    private static object[] CreateInts()
    {
        var ints = new object[SmallInts];
        for (var i = 0; i < ints.Length; i++)
        {
            ints[i] = i;
        }

        return ints;
    }
}
