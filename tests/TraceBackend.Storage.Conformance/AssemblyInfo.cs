namespace TraceBackend.Storage.Conformance;
