using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Head;

/// <summary>An operation a head trace has, with the service entry that counts it.</summary>
internal readonly record struct HeadOperationRef(HeadService Service, Operation Operation);
