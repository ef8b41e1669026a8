namespace TraceBackend.Query;
