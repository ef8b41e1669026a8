using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("TraceBackend.Collector.Tests")]
