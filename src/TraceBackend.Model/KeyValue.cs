namespace TraceBackend.Model;

/// <summary>One attribute: a key and its typed value.</summary>
public readonly record struct KeyValue(string Key, AttributeValue Value);
