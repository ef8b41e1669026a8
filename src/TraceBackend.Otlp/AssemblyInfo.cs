using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("TraceBackend.Otlp.Tests")]
[assembly: InternalsVisibleTo("TraceBackend.Collector")]
[assembly: InternalsVisibleTo("TraceBackend.Collector.Tests")]
[assembly: InternalsVisibleTo("TraceBackend.Storage.Embedded.Tests")]
[assembly: InternalsVisibleTo("TraceBackend.JaegerModel")]
