using TraceBackend.Storage.Cassandra.Schema;
using TraceBackend.Storage.Cassandra.Tests.Support;

namespace TraceBackend.Storage.Cassandra.Tests.Schema;

public sealed class CassandraSchemaTests
{
    private static string Normalize(string statement) => string.Join(' ', statement.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static string Statement(CassandraSchema schema, string start) =>
        Normalize(Assert.Single(schema.Statements, s => Normalize(s).StartsWith(start, StringComparison.Ordinal)));

    [Fact]
    public void Default_options_render_Jaeger_create_sh_test_mode()
    {
        var schema = new CassandraSchema(new CassandraSchemaOptions());

        Assert.Equal(17, schema.Statements.Count);
        Assert.All(schema.Statements, s => Assert.Matches("^CREATE (KEYSPACE|TYPE|TABLE) IF NOT EXISTS ", s));
        Assert.All(schema.Statements, s => Assert.DoesNotContain("--", s, StringComparison.Ordinal));
        Assert.All(schema.Statements, s => Assert.DoesNotContain("${", s, StringComparison.Ordinal));
        Assert.All(schema.Statements, s => Assert.DoesNotContain("\n\n", s, StringComparison.Ordinal));
        Assert.Equal(
            "CREATE KEYSPACE IF NOT EXISTS jaeger_v1_dc1 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}",
            schema.Statements[0]);
        var traces = Statement(schema, "CREATE TABLE IF NOT EXISTS jaeger_v1_dc1.traces ");
        Assert.Contains("'compaction_window_size': '96', 'compaction_window_unit': 'MINUTES', 'class': 'org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy'", traces, StringComparison.Ordinal);
        Assert.Contains("AND default_time_to_live = 172800 AND speculative_retry = 'NONE' AND gc_grace_seconds = 10800", traces, StringComparison.Ordinal);
        Assert.EndsWith("AND default_time_to_live = 0", Statement(schema, "CREATE TABLE IF NOT EXISTS jaeger_v1_dc1.dependencies_v2 "), StringComparison.Ordinal);
    }

    [Fact]
    public void Types_and_tables_have_v004_columns_keys_and_orders()
    {
        var schema = new CassandraSchema(new CassandraSchemaOptions { Keyspace = "ks" });

        Assert.Equal("CREATE TYPE IF NOT EXISTS ks.keyvalue ( key text, value_type text, value_string text, value_bool boolean, value_long bigint, value_double double, value_binary blob )", Statement(schema, "CREATE TYPE IF NOT EXISTS ks.keyvalue"));
        Assert.Equal("CREATE TYPE IF NOT EXISTS ks.log ( ts bigint, fields frozen<list<frozen<ks.keyvalue>>> )", Statement(schema, "CREATE TYPE IF NOT EXISTS ks.log"));
        Assert.Equal("CREATE TYPE IF NOT EXISTS ks.span_ref ( ref_type text, trace_id blob, span_id bigint )", Statement(schema, "CREATE TYPE IF NOT EXISTS ks.span_ref"));
        Assert.Equal("CREATE TYPE IF NOT EXISTS ks.process ( service_name text, tags frozen<list<frozen<ks.keyvalue>>> )", Statement(schema, "CREATE TYPE IF NOT EXISTS ks.process"));
        Assert.Equal("CREATE TYPE IF NOT EXISTS ks.dependency ( parent text, child text, call_count bigint, source text )", Statement(schema, "CREATE TYPE IF NOT EXISTS ks.dependency"));
        Assert.StartsWith(
            "CREATE TABLE IF NOT EXISTS ks.traces ( trace_id blob, span_id bigint, span_hash bigint, parent_id bigint, operation_name text, flags int, start_time bigint, duration bigint, tags list<frozen<keyvalue>>, logs list<frozen<log>>, refs list<frozen<span_ref>>, process frozen<process>, PRIMARY KEY (trace_id, span_id, span_hash) ) WITH compaction",
            Statement(schema, "CREATE TABLE IF NOT EXISTS ks.traces "),
            StringComparison.Ordinal);
        (string Table, string Definition)[] tables =
        [
            ("service_names", "( service_name text, PRIMARY KEY (service_name) ) WITH compaction = { 'min_threshold': '4', 'max_threshold': '32', 'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy' } AND default_time_to_live = 172800 AND speculative_retry = 'NONE' AND gc_grace_seconds = 10800"),
            ("operation_names_v2", "( service_name text, span_kind text, operation_name text, PRIMARY KEY ((service_name), span_kind, operation_name) ) WITH compaction = { 'min_threshold': '4', 'max_threshold': '32', 'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy' } AND default_time_to_live = 172800 AND speculative_retry = 'NONE' AND gc_grace_seconds = 10800"),
            ("service_operation_index", "( service_name text, operation_name text, start_time bigint, trace_id blob, PRIMARY KEY ((service_name, operation_name), start_time) ) WITH CLUSTERING ORDER BY (start_time DESC) AND compaction = { 'compaction_window_size': '1', 'compaction_window_unit': 'HOURS', 'class': 'org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy' } AND default_time_to_live = 172800 AND speculative_retry = 'NONE' AND gc_grace_seconds = 10800"),
            ("service_name_index", "( service_name text, bucket int, start_time bigint, trace_id blob, PRIMARY KEY ((service_name, bucket), start_time) ) WITH CLUSTERING ORDER BY (start_time DESC) AND compaction = { 'compaction_window_size': '1', 'compaction_window_unit': 'HOURS', 'class': 'org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy' } AND default_time_to_live = 172800 AND speculative_retry = 'NONE' AND gc_grace_seconds = 10800"),
            ("duration_index", "( service_name text, operation_name text, bucket timestamp, duration bigint, start_time bigint, trace_id blob, PRIMARY KEY ((service_name, operation_name, bucket), duration, start_time, trace_id) ) WITH CLUSTERING ORDER BY (duration DESC, start_time DESC) AND compaction = { 'compaction_window_size': '1', 'compaction_window_unit': 'HOURS', 'class': 'org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy' } AND default_time_to_live = 172800 AND speculative_retry = 'NONE' AND gc_grace_seconds = 10800"),
            ("tag_index", "( service_name text, tag_key text, tag_value text, start_time bigint, trace_id blob, span_id bigint, PRIMARY KEY ((service_name, tag_key, tag_value), start_time, trace_id, span_id) ) WITH CLUSTERING ORDER BY (start_time DESC) AND compaction = { 'compaction_window_size': '1', 'compaction_window_unit': 'HOURS', 'class': 'org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy' } AND default_time_to_live = 172800 AND speculative_retry = 'NONE' AND gc_grace_seconds = 10800"),
            ("dependencies_v2", "( ts_bucket timestamp, ts timestamp, dependencies list<frozen<dependency>>, PRIMARY KEY (ts_bucket, ts) ) WITH CLUSTERING ORDER BY (ts DESC) AND compaction = { 'min_threshold': '4', 'max_threshold': '32', 'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy' } AND default_time_to_live = 0"),
            ("operation_throughput", "( bucket int, ts timeuuid, throughput text, PRIMARY KEY(bucket, ts) ) WITH CLUSTERING ORDER BY (ts desc)"),
            ("sampling_probabilities", "( bucket int, ts timeuuid, hostname text, probabilities text, PRIMARY KEY(bucket, ts) ) WITH CLUSTERING ORDER BY (ts desc)"),
            ("leases", "( name text, owner text, PRIMARY KEY (name) )"),
        ];
        foreach (var (table, definition) in tables)
        {
            Assert.Equal($"CREATE TABLE IF NOT EXISTS ks.{table} {definition}", Statement(schema, $"CREATE TABLE IF NOT EXISTS ks.{table} "));
        }
    }

    [Theory]
    [InlineData("dc1", 2, null, "{'class': 'NetworkTopologyStrategy', 'dc1': '2' }")]
    [InlineData("", 3, null, "{'class': 'SimpleStrategy', 'replication_factor': '3'}")]
    [InlineData("dc1", 2, "{'class': 'NetworkTopologyStrategy', 'east': '3', 'west': '3'}", "{'class': 'NetworkTopologyStrategy', 'east': '3', 'west': '3'}")]
    public void Replication_follows_datacenter_factor_or_override(string datacenter, int factor, string? replication, string expected)
    {
        var schema = new CassandraSchema(new CassandraSchemaOptions { Keyspace = "ks", Datacenter = datacenter, ReplicationFactor = factor, Replication = replication });

        Assert.Equal($"CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {expected}", schema.Statements[0]);
    }

    [Theory]
    [InlineData(172_800, null, "96", "MINUTES")]
    [InlineData(86_400, null, "48", "MINUTES")]
    [InlineData(3_599, null, "2", "MINUTES")]
    [InlineData(60, null, "1", "MINUTES")]
    [InlineData(0, null, "1", "DAYS")]
    [InlineData(172_800, 120, "2", "HOURS")]
    [InlineData(172_800, 90, "90", "MINUTES")]
    [InlineData(172_800, 2880, "2", "DAYS")]
    public void Compaction_window_defaults_to_ttl_over_30_minutes(int ttlSeconds, int? windowMinutes, string size, string unit)
    {
        var options = new CassandraSchemaOptions
        {
            TraceTtl = TimeSpan.FromSeconds(ttlSeconds),
            CompactionWindow = windowMinutes is { } m ? TimeSpan.FromMinutes(m) : null,
        };

        var traces = Statement(new CassandraSchema(options), "CREATE TABLE IF NOT EXISTS jaeger_v1_dc1.traces ");

        Assert.Contains($"'compaction_window_size': '{size}', 'compaction_window_unit': '{unit}'", traces, StringComparison.Ordinal);
        Assert.Contains($"default_time_to_live = {ttlSeconds} ", traces, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_rejected_with_the_setting_named()
    {
        Assert.Contains("keyspace", Assert.Throws<ArgumentException>(() => new CassandraSchema(new CassandraSchemaOptions { Keyspace = "jaeger-v1" })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new CassandraSchema(new CassandraSchemaOptions { Keyspace = "" }));
        Assert.Throws<ArgumentException>(() => new CassandraSchema(new CassandraSchemaOptions { Datacenter = "dc'1" }));
        Assert.Throws<ArgumentException>(() => new CassandraSchema(new CassandraSchemaOptions { ReplicationFactor = 0 }));
        Assert.Throws<ArgumentException>(() => new CassandraSchema(new CassandraSchemaOptions { Replication = "{'class': 'SimpleStrategy'}; DROP KEYSPACE x" }));
        Assert.Throws<ArgumentException>(() => new CassandraSchema(new CassandraSchemaOptions { TraceTtl = TimeSpan.FromMilliseconds(1500) }));
        Assert.Throws<ArgumentException>(() => new CassandraSchema(new CassandraSchemaOptions { DependenciesTtl = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentException>(() => new CassandraSchema(new CassandraSchemaOptions { CompactionWindow = TimeSpan.FromSeconds(30) }));
    }

    [Fact]
    public async Task Create_runs_every_statement_in_order_as_schema_changes()
    {
        var session = new RecordingSession();
        var schema = new CassandraSchema(new CassandraSchemaOptions { Keyspace = "ks" });

        await schema.CreateAsync(session, TestContext.Current.CancellationToken);

        Assert.All(session.Requests, r => Assert.Equal("schema", r.Kind));
        Assert.Equal(schema.Statements, session.Requests.Select(r => r.Statements[0].Cql));
    }

    [Fact]
    public void The_embedded_template_uses_create_sh_variables()
    {
        foreach (var variable in (string[])["${keyspace}", "${replication}", "${trace_ttl}", "${dependencies_ttl}", "${compaction_window_size}", "${compaction_window_unit}"])
        {
            Assert.Contains(variable, CassandraSchema.Template, StringComparison.Ordinal);
        }
    }
}
