namespace TraceBackend.Storage.Memory;
