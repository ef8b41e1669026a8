using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("TraceBackend.Query.Tests")]
