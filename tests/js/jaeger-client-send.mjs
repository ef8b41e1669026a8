// Sends one trace over UDP (agent, binary Thrift emitBatch, as node jaeger-client does on port 6832) and one over
// HTTP (HTTPSender, binary Thrift Batch POSTed to /api/traces) with the real npm jaeger-client.
// Usage: node jaeger-client-send.mjs <agent host> <agent udp port> <collector url, e.g. http://127.0.0.1:14268/api/traces> <service name>
// Prints one JSON line: {"udpTraceId":"…","udpRootSpanId":"…","httpTraceId":"…","httpRootSpanId":"…"} after both tracers closed.
import jaeger from 'jaeger-client';

const [agentHost, agentPort, collectorUrl, serviceName] = process.argv.slice(2);
if (!agentHost || !agentPort || !collectorUrl || !serviceName) {
  console.error('usage: node jaeger-client-send.mjs <agent host> <agent udp port> <collector url> <service name>');
  process.exit(2);
}

const errors = [];
const logger = { info: () => {}, error: (msg) => errors.push(msg) };

function makeTracer(name, reporter) {
  return jaeger.initTracer(
    { serviceName: name, sampler: { type: 'const', param: 1 }, reporter: { ...reporter, flushIntervalMs: 100, logSpans: false } },
    { logger, tags: { 'client.kind': 'node' } },
  );
}

function sendTrace(tracer, rootName) {
  const root = tracer.startSpan(rootName, { tags: { 'span.kind': 'server', 'http.status_code': 200, 'cache.hit': false, ratio: 0.25 } });
  const child = tracer.startSpan('SELECT orders', { childOf: root.context(), tags: { 'span.kind': 'client', error: true } });
  child.log({ event: 'retry', attempt: 2 });
  child.finish();
  root.finish();
  return { traceId: root.context().traceIdStr, rootSpanId: root.context().spanIdStr };
}

const close = (tracer) => new Promise((resolve) => tracer.close(resolve));

const udpTracer = makeTracer(serviceName + '-udp', { agentHost, agentPort: Number(agentPort) });
const udp = sendTrace(udpTracer, 'GET /udp');
await close(udpTracer);

const httpTracer = makeTracer(serviceName + '-http', { collectorEndpoint: collectorUrl });
const http = sendTrace(httpTracer, 'GET /http');
await close(httpTracer);

if (errors.length > 0) {
  console.error(`jaeger-client reported errors: ${errors.join('; ')}`);
  process.exit(1);
}

console.log(JSON.stringify({ udpTraceId: udp.traceId, udpRootSpanId: udp.rootSpanId, httpTraceId: http.traceId, httpRootSpanId: http.rootSpanId }));
