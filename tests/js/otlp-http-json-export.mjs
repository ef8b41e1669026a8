// Sends one trace to an OTLP/HTTP endpoint with the real OpenTelemetry JS SDK and its OTLP/HTTP JSON exporter.
// Usage: node otlp-http-json-export.mjs <url, e.g. http://127.0.0.1:4318/v1/traces> <service name>
// Prints one JSON line: {"traceId":"…","rootSpanId":"…","childSpanId":"…"} after the exporter reports success.
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { TracerProvider, BatchSpanProcessor, StackContextManager } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

const [url, serviceName] = process.argv.slice(2);
if (!url || !serviceName) {
  console.error('usage: node otlp-http-json-export.mjs <url> <service name>');
  process.exit(2);
}

const exporter = new OTLPTraceExporter({ url, timeoutMillis: 10000 });
let exportError = null;
const wrapped = {
  export(spans, done) {
    exporter.export(spans, (result) => {
      if (result.code !== 0) exportError = result.error ?? new Error('export failed');
      done(result);
    });
  },
  shutdown: () => exporter.shutdown(),
  forceFlush: () => exporter.forceFlush(),
};
const provider = new TracerProvider({
  resource: resourceFromAttributes({ 'service.name': serviceName, 'host.name': 'js-host', 'deployment.count': 3 }),
  spanProcessors: [new BatchSpanProcessor({ exporter: wrapped })],
});
const contextManager = new StackContextManager();
contextManager.enable();
context.setGlobalContextManager(contextManager);
const tracer = provider.getTracer('js-e2e', '1.2.3');

const root = tracer.startSpan('GET /checkout', {
  kind: SpanKind.SERVER,
  attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, 'sampled.ratio': 0.25, 'cache.hit': false, 'tags.list': ['a', 'b'] },
});
const ctx = trace.setSpan(context.active(), root);
const child = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql' } }, ctx);
child.addEvent('retry', { attempt: 2 });
child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
child.end();
root.end();

await provider.forceFlush();
await provider.shutdown();
if (exportError) {
  console.error(`export failed: ${exportError.message ?? exportError}`);
  process.exit(1);
}
console.log(JSON.stringify({
  traceId: root.spanContext().traceId,
  rootSpanId: root.spanContext().spanId,
  childSpanId: child.spanContext().spanId,
}));
