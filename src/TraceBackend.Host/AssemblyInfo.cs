namespace TraceBackend.Host;
