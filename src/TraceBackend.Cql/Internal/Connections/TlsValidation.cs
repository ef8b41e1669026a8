using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace TraceBackend.Cql.Internal.Connections;

/// <summary>
/// Server-certificate checks: skip-verify accepts anything; otherwise a certificate is accepted when the system trusts
/// it, or when its name matches and its chain ends at one of the configured CA certificates.
/// </summary>
internal static class TlsValidation
{
    public static RemoteCertificateValidationCallback Create(bool skipVerify, X509Certificate2Collection? trusted) =>
        (_, certificate, chain, errors) =>
        {
            if (skipVerify || errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (trusted is null || certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return custom.Build(leaf);
        };

    /// <summary>Loads every certificate of a PEM file, or the single certificate of a DER file.</summary>
    public static X509Certificate2Collection LoadCertificates(string path)
    {
        var collection = new X509Certificate2Collection();
        if (File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal))
        {
            collection.ImportFromPemFile(path);
        }
        else
        {
            collection.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }

        if (collection.Count == 0)
        {
            throw new ArgumentException($"TLS CA file '{path}' holds no certificate");
        }

        return collection;
    }
}
