using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>
/// One OTLP/JSON export request (the encoding of opentelemetry-proto's ExportTraceServiceRequest, hex IDs) for a raw
/// POST to <c>/v1/traces</c>, so the test sees the HTTP status: <c>service</c> "checkout" (server, 300 ms) with a
/// child "charge card" (client, 100 ms, 50 ms after it), fresh random IDs.
/// </summary>
internal sealed record OtlpJsonTrace(string Service, string TraceId, string RootId, string ChildId, DateTimeOffset Start, string Body)
{
    public const string RootOperation = "checkout";
    public const string ChildOperation = "charge card";

    public static readonly TimeSpan RootDuration = TimeSpan.FromMilliseconds(300);

    public static OtlpJsonTrace Create(string service, DateTimeOffset start)
    {
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var rootId = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64(1, long.MaxValue)));
        var childId = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64(1, long.MaxValue)));
        var request = new
        {
            resourceSpans = new[]
            {
                new
                {
                    resource = new { attributes = new[] { new { key = "service.name", value = new { stringValue = service } } } },
                    scopeSpans = new[]
                    {
                        new
                        {
                            scope = new { name = "e2e.otlp-json" },
                            spans = new object[]
                            {
                                new { traceId, spanId = rootId, name = RootOperation, kind = 2, startTimeUnixNano = Nanos(start), endTimeUnixNano = Nanos(start + RootDuration) },
                                new
                                {
                                    traceId, spanId = childId, parentSpanId = rootId, name = ChildOperation, kind = 3,
                                    startTimeUnixNano = Nanos(start.AddMilliseconds(50)), endTimeUnixNano = Nanos(start.AddMilliseconds(150)),
                                },
                            },
                        },
                    },
                },
            },
        };
        return new OtlpJsonTrace(service, traceId, rootId, childId, start, JsonSerializer.Serialize(request));
    }

    /// <summary>POSTs <see cref="Body"/> to <c>v1/traces</c> of <paramref name="client"/>'s base address.</summary>
    public Task<HttpResponseMessage> PostAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var content = new StringContent(Body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return client.PostAsync("v1/traces", content, cancellationToken);
    }

    private static string Nanos(DateTimeOffset t) => ((t - DateTimeOffset.UnixEpoch).Ticks * 100).ToString(CultureInfo.InvariantCulture);
}
