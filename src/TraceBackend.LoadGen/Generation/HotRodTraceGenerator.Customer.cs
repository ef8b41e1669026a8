using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;
using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace TraceBackend.LoadGen.Generation;

/// <summary>Customer lookup: frontend HTTP client → customer HTTP server → mysql SQL SELECT.</summary>
public sealed partial class HotRodTraceGenerator
{
    private const string GoHttpAgent = "Go-http-client/1.1";
    private const string BrowserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
    private const string DeadlockMessage = "Error 1213 (40001): Deadlock found when trying to get lock; try restarting transaction";

    private long CustomerCall(TraceBuilder b, HotRodServiceInstance frontend, ProtoSpan parent, long t, HotRodCustomer customer, out bool failed)
    {
        var target = Topology.Pick(_random, HotRodTopology.Customer);
        var client = b.Start("HTTP GET /customer", SpanKind.Client, parent);
        b.Event(client, t + Micros(3, 15), "Getting customer", Attr.Str("level", "info"), Attr.Int("customer_id", customer.Id));

        var serverStart = t + Micros(200, 1500);
        var server = b.Start("HTTP GET /customer", SpanKind.Server, client, remoteParent: true);
        b.Event(server, serverStart + Micros(20, 80), "Loading customer", Attr.Str("level", "info"), Attr.Int("customer_id", customer.Id));
        var mysqlEnd = SqlSelect(b, server, serverStart + Micros(100, 400), customer, out failed);
        var serverEnd = mysqlEnd + Micros(100, 500);
        var status = failed ? 500 : 200;
        if (failed)
        {
            b.Fail(server, mysqlEnd + Micros(10, 50), "*mysql.MySQLError", DeadlockMessage);
        }

        AddHttpServerAttributes(server, target, "GET", "/customer", $"customer={customer.Id}", status, frontend.Address, GoHttpAgent);
        server.Attributes.Add(Attr.Int("customer_id", customer.Id));
        b.Finish(target, server, serverStart, serverEnd);

        var clientEnd = serverEnd + Micros(200, 1500);
        if (failed)
        {
            b.Fail(client, clientEnd - Micros(5, 50), "*errors.errorString", "customer service returned 500 Internal Server Error");
        }

        AddHttpClientAttributes(client, target, "GET", $"/customer?customer={customer.Id}", status);
        client.Attributes.Add(Attr.Int("customer_id", customer.Id));
        b.Finish(frontend, client, t, clientEnd);
        return clientEnd;
    }

    /// <summary>The mysql query, reported by the mysql "service" as a client span (as HotROD does).</summary>
    private long SqlSelect(TraceBuilder b, ProtoSpan parent, long start, HotRodCustomer customer, out bool failed)
    {
        var mysql = Topology.Pick(_random, HotRodTopology.Mysql);
        var span = b.Start("SQL SELECT", SpanKind.Client, parent);
        var waiting = _random.Next(0, 4);
        var t = start + Micros(10, 40);
        if (waiting > 0)
        {
            b.Event(span, t, $"Waiting for lock behind {waiting} transactions", Attr.Str("level", "info"), Attr.Int("blockers", waiting));
            t += Millis(5, 25) * waiting;
        }

        b.Event(span, t, "Acquired lock with 0 transactions waiting behind", Attr.Str("level", "info"));
        var end = t + Millis(200, 350);
        failed = _random.Chance(_options.ErrorRatio);
        if (failed)
        {
            b.Fail(span, end - Micros(10, 100), "*mysql.MySQLError", DeadlockMessage);
        }

        span.Attributes.Add(Attr.Str("db.system", "mysql"));
        span.Attributes.Add(Attr.Str("db.name", "customers"));
        span.Attributes.Add(Attr.Str("db.statement", $"SELECT * FROM customer WHERE customer_id={customer.Id}"));
        span.Attributes.Add(Attr.Str("db.operation", "SELECT"));
        span.Attributes.Add(Attr.Str("db.sql.table", "customer"));
        span.Attributes.Add(Attr.Str("db.user", "hotrod"));
        span.Attributes.Add(Attr.Str("server.address", mysql.HostName));
        span.Attributes.Add(Attr.Int("server.port", mysql.Port));
        span.Attributes.Add(Attr.Str("network.peer.address", mysql.Address));
        span.Attributes.Add(Attr.Str("network.transport", "tcp"));
        span.Attributes.Add(Attr.Int("customer_id", customer.Id));
        b.Finish(mysql, span, start, end);
        return end;
    }

    private void AddHttpServerAttributes(ProtoSpan span, HotRodServiceInstance server, string method, string route, string query, int status, string peerAddress, string userAgent)
    {
        span.Attributes.Add(Attr.Str("http.request.method", method));
        span.Attributes.Add(Attr.Str("url.path", route));
        span.Attributes.Add(Attr.Str("url.query", query));
        span.Attributes.Add(Attr.Str("url.scheme", "http"));
        span.Attributes.Add(Attr.Str("http.route", route));
        span.Attributes.Add(Attr.Int("http.response.status_code", status));
        span.Attributes.Add(Attr.Str("server.address", server.ServiceName));
        span.Attributes.Add(Attr.Int("server.port", server.Port));
        span.Attributes.Add(Attr.Str("network.peer.address", peerAddress));
        span.Attributes.Add(Attr.Int("network.peer.port", _random.Next(32768, 61000)));
        span.Attributes.Add(Attr.Str("network.protocol.version", "1.1"));
        span.Attributes.Add(Attr.Str("user_agent.original", userAgent));
    }

    private static void AddHttpClientAttributes(ProtoSpan span, HotRodServiceInstance target, string method, string pathAndQuery, int status)
    {
        span.Attributes.Add(Attr.Str("http.request.method", method));
        span.Attributes.Add(Attr.Str("url.full", $"http://{target.ServiceName}:{target.Port}{pathAndQuery}"));
        span.Attributes.Add(Attr.Str("server.address", target.ServiceName));
        span.Attributes.Add(Attr.Int("server.port", target.Port));
        span.Attributes.Add(Attr.Str("network.peer.address", target.Address));
        span.Attributes.Add(Attr.Int("network.peer.port", target.Port));
        span.Attributes.Add(Attr.Int("http.response.status_code", status));
        span.Attributes.Add(Attr.Str("network.protocol.version", "1.1"));
    }
}
