namespace TraceBackend.Collector;
