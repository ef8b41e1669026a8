using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TraceBackend.Storage.Elasticsearch.Client;

public sealed partial class ElasticsearchHttpTransport
{
    /// <summary>
    /// One <c>Authorization</c> header: <c>ApiKey</c> when an API key is set, else <c>Bearer</c> for a token, else
    /// <c>Basic</c> for a user name; none otherwise.
    /// </summary>
    internal static AuthenticationHeaderValue? CreateAuthorization(ElasticsearchOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            return new AuthenticationHeaderValue("ApiKey", options.ApiKey);
        }

        if (!string.IsNullOrEmpty(options.BearerToken))
        {
            return new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }

        if (!string.IsNullOrEmpty(options.Username))
        {
            var pair = Encoding.UTF8.GetBytes(options.Username + ":" + (options.Password ?? ""));
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }

        return null;
    }

    private static SocketsHttpHandler CreateHandler(ElasticsearchOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseCookies = false,
        };

        if (options.TlsSkipVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (!string.IsNullOrEmpty(options.TlsCaFile))
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(options.TlsCaFile);
            if (authorities.Count == 0)
            {
                throw new ArgumentException($"no certificate found in the CA file '{options.TlsCaFile}'", nameof(options));
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                ValidateAgainstAuthorities(authorities, certificate, chain, errors);
        }

        return handler;
    }

    /// <summary>
    /// Accepts the server certificate only when it chains to one of <paramref name="authorities"/> (they replace the
    /// system roots, as Go's <c>tls.Config.RootCAs</c> does for Jaeger) and names the host that was dialled.
    /// Intermediates the server sent are used to build the chain; revocation is not checked.
    /// </summary>
    internal static bool ValidateAgainstAuthorities(X509Certificate2Collection authorities, X509Certificate? certificate, X509Chain? presented,
        SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
