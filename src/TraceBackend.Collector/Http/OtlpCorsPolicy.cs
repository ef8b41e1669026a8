using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace TraceBackend.Collector.Http;

/// <summary>
/// CORS for browser OTLP exporters, as the OpenTelemetry Collector's <c>cors</c> settings do it: an allowed
/// origin gets <c>Access-Control-Allow-Origin</c> (<c>*</c> when any origin is allowed, else the origin
/// itself); a disallowed one gets no CORS header, so the browser blocks the call.
/// </summary>
internal sealed class OtlpCorsPolicy
{
    private readonly bool _anyOrigin;
    private readonly string[] _exact;
    private readonly (string Scheme, string Suffix)[] _wildcards;
    private readonly string _maxAge;

    public OtlpCorsPolicy(IEnumerable<string> allowedOrigins, int maxAgeSeconds)
    {
        var exact = new List<string>();
        var wildcards = new List<(string, string)>();
        foreach (var origin in allowedOrigins)
        {
            var o = origin.Trim().TrimEnd('/');
            if (o == "*")
            {
                _anyOrigin = true;
            }
            else if (o.IndexOf("://*.", StringComparison.Ordinal) is var at and > 0)
            {
                wildcards.Add((o[..(at + 3)], o[(at + 4)..]));
            }
            else if (o.Length > 0)
            {
                exact.Add(o);
            }
        }

        _exact = [.. exact];
        _wildcards = [.. wildcards];
        _maxAge = maxAgeSeconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The <c>Access-Control-Allow-Origin</c> value for a request origin; null when not allowed.</summary>
    public string? AllowOrigin(string? origin)
    {
        if (string.IsNullOrEmpty(origin))
        {
            return null;
        }

        if (_anyOrigin)
        {
            return "*";
        }

        foreach (var allowed in _exact)
        {
            if (string.Equals(allowed, origin, StringComparison.OrdinalIgnoreCase))
            {
                return origin;
            }
        }

        foreach (var (scheme, suffix) in _wildcards)
        {
            // "https://*.example.com" allows "https://a.example.com", not "https://example.com".
            if (origin.Length > scheme.Length + suffix.Length
                && origin.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
                && origin.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return origin;
            }
        }

        return null;
    }

    /// <summary>Adds the allow-origin header to an actual (non-preflight) response when the origin is allowed.</summary>
    public void ApplyToResponse(HttpContext context)
    {
        var allow = AllowOrigin(context.Request.Headers.Origin);
        if (allow is not null)
        {
            context.Response.Headers.AccessControlAllowOrigin = allow;
            if (allow != "*")
            {
                context.Response.Headers.Vary = HeaderNames.Origin;
            }
        }
    }

    /// <summary>Answers an OPTIONS request: 204, with CORS headers only for an allowed origin asking for POST.</summary>
    public void AnswerPreflight(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers.Allow = "POST, OPTIONS";
        var allow = AllowOrigin(request.Headers.Origin);
        var method = request.Headers.AccessControlRequestMethod.ToString();
        if (allow is null || (method.Length > 0 && !string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        response.Headers.AccessControlAllowOrigin = allow;
        response.Headers.AccessControlAllowMethods = "POST";
        var requestedHeaders = request.Headers.AccessControlRequestHeaders;
        if (requestedHeaders.Count > 0)
        {
            response.Headers.AccessControlAllowHeaders = requestedHeaders;
        }

        response.Headers.AccessControlMaxAge = _maxAge;
        if (allow != "*")
        {
            response.Headers.Vary = HeaderNames.Origin;
        }
    }
}
