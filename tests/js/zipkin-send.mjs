// Sends one trace to a Zipkin v2 endpoint with the real zipkin-js Tracer, BatchRecorder and the HTTP transport
// (zipkin-transport-http's HttpLogger, JSON v2, node-fetch as its fetch).
// Usage: node zipkin-send.mjs <url, e.g. http://127.0.0.1:9411/api/v2/spans> <service name>
// Prints one JSON line {"traceId":"…","rootSpanId":"…","childSpanId":"…"} once the POST was answered 2xx;
// exits 1 with the transport's error on stderr otherwise.
import zipkin from 'zipkin';
import transport from 'zipkin-transport-http';
import fetch from 'node-fetch';

const { Tracer, BatchRecorder, ExplicitContext, Annotation, InetAddress, jsonEncoder } = zipkin;
const { HttpLogger } = transport;

const [url, serviceName] = process.argv.slice(2);
if (!url || !serviceName) {
  console.error('usage: node zipkin-send.mjs <url> <service name>');
  process.exit(2);
}

// HttpLogger defaults to JSON v1; /api/v2/spans wants v2. A long interval: this script posts explicitly below.
const logger = new HttpLogger({
  endpoint: url,
  jsonEncoder: jsonEncoder.JSON_V2,
  httpInterval: 60_000,
  timeout: 10_000,
  fetchImplementation: fetch,
});
const recorder = new BatchRecorder({ logger });
const tracer = new Tracer({ ctxImpl: new ExplicitContext(), recorder, localServiceName: serviceName, traceId128Bit: true });

const rootId = tracer.createRootId();
tracer.letId(rootId, () => {
  tracer.recordServiceName(serviceName);
  tracer.recordRpc('GET /checkout');
  tracer.recordAnnotation(new Annotation.ServerRecv());
  tracer.recordAnnotation(new Annotation.LocalAddr({ host: new InetAddress('127.0.0.1'), port: 8080 }));
  tracer.recordBinary('http.method', 'GET');
  tracer.recordMessage('cache miss');
});

const childId = tracer.letId(rootId, () => tracer.createChildId());
tracer.letId(childId, () => {
  tracer.recordServiceName(serviceName);
  tracer.recordRpc('select orders');
  tracer.recordAnnotation(new Annotation.ClientSend());
  tracer.recordAnnotation(new Annotation.ServerAddr({ serviceName: 'postgres', host: new InetAddress('127.0.0.1'), port: 5432 }));
  tracer.recordBinary('db.statement', 'SELECT * FROM orders');
});
await new Promise((resolve) => setTimeout(resolve, 2));
tracer.letId(childId, () => tracer.recordAnnotation(new Annotation.ClientRecv()));
tracer.letId(rootId, () => tracer.recordAnnotation(new Annotation.ServerSend()));

// Both spans are finished, so the recorder has handed them to the logger; flush() only reports leftovers.
recorder.flush();
if (logger.queue.length !== 2) {
  console.error(`expected 2 queued spans, the logger holds ${logger.queue.length}`);
  process.exit(1);
}

// processQueue(fetchImpl) starts the POST without returning it; the outcome arrives as 'success' or 'error'.
const outcome = new Promise((resolve) => {
  logger.on('success', (response) => resolve({ ok: true, status: response.status }));
  logger.on('error', (err) => resolve({ ok: false, message: err?.message ?? String(err) }));
});
logger.processQueue(logger.fetchImplementation);
const result = await outcome;
if (!result.ok) {
  console.error(`zipkin POST failed: ${result.message}`);
  process.exit(1);
}

console.log(JSON.stringify({ traceId: rootId.traceId, rootSpanId: rootId.spanId, childSpanId: childId.spanId }));
process.exit(0);
