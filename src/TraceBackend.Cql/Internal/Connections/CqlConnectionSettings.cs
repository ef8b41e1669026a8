using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace TraceBackend.Cql.Internal.Connections;

/// <summary>What every connection of one cluster shares: the options, the loaded CA certificates and the logger.</summary>
internal sealed record CqlConnectionSettings(
    CqlClusterOptions Options, X509Certificate2Collection? TrustedCertificates, ILogger Logger, int MaxStreams = 1024);
