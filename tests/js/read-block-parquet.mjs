// Opens a block's data.parquet with DuckDB (a standard Parquet reader, no TraceBackend code) and prints a JSON
// summary that tests/TraceBackend.Storage.Embedded.Tests (BlockInteropTests) compares with what was written.
// Usage: node read-block-parquet.mjs <path to data.parquet>
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2].replaceAll("'", "''");
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const one = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
const from = `read_parquet('${file}')`;

const [counts] = await one(`select count(*) as rows, count(distinct trace_id) as traces from ${from}`);
const services = (await one(`select distinct service_name from ${from} order by 1`)).map(r => r.service_name);
const names = (await one(`select distinct name from ${from} order by 1`)).map(r => r.name);
const attributeKeys = (await one(`select distinct unnest(attributes).key as key from ${from} order by 1`)).map(r => r.key);
const [first] = await one(`select hex(trace_id) as trace_id, hex(span_id) as span_id, start_unix_nano, duration_nano,
    len(attributes)::INTEGER as attributes, len(events)::INTEGER as events, len(resource_attributes)::INTEGER as resource_attributes
  from ${from} order by trace_id, start_unix_nano, span_id limit 1`);
const intValues = (await one(`select a.key, a.value_int from (select unnest(attributes) as a from ${from}) where a.value_int is not null
  order by 1, 2 limit 5`)).map(r => [r.key, r.value_int]);
console.log(JSON.stringify({ rows: Number(counts.rows), traces: Number(counts.traces), services, names, attributeKeys, first, intValues }));
