namespace TraceBackend.Host.Options;

/// <summary>A setting is unknown or has a bad value; the message is one line naming it.</summary>
public sealed class OptionsException(string message) : Exception(message);
