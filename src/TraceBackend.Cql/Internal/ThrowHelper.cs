using System.Diagnostics.CodeAnalysis;

namespace TraceBackend.Cql.Internal;

/// <summary>Throw sites kept out of hot methods so those stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowProtocol(string message) => throw new CqlProtocolException(message);

    [DoesNotReturn]
    public static T ThrowProtocol<T>(string message) => throw new CqlProtocolException(message);

    [DoesNotReturn]
    public static void ThrowTruncated(int needed, int remaining) =>
        throw new CqlProtocolException($"message body ends early: {needed} bytes needed, {remaining} left");

    [DoesNotReturn]
    public static void ThrowBadLength(CqlType type, int length) =>
        throw new CqlProtocolException($"a {type} value cannot be {length} bytes long");

    [DoesNotReturn]
    public static void ThrowBindType(string variable, CqlType expected, object value) =>
        throw new ArgumentException(
            $"bind variable '{variable}' expects CQL type {expected}; a {value.GetType().Name} cannot be bound to it", "values");

    [DoesNotReturn]
    public static void ThrowBind(string variable, CqlType expected, string problem) =>
        throw new ArgumentException($"bind variable '{variable}' (CQL type {expected}): {problem}", "values");

    [DoesNotReturn]
    public static void ThrowStringTooLong(int length) =>
        throw new ArgumentException($"a [string] is limited to 65535 UTF-8 bytes, got {length}");

    [DoesNotReturn]
    public static void ThrowDisposed() => throw new ObjectDisposedException(nameof(CqlCluster));
}
