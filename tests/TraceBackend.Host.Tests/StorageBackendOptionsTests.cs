using TraceBackend.Host.Options;

namespace TraceBackend.Host.Tests;

/// <summary>The <c>--cassandra-*</c>, <c>--es-*</c> and <c>--dependencies-*</c> flags.</summary>
public class StorageBackendOptionsTests
{
    [Fact]
    public void Cassandra_flags_fill_the_cassandra_settings_with_jaeger_defaults_elsewhere()
    {
        var o = OptionsParser.Parse([
            "collector", "--storage", "cassandra", "--cassandra-servers", "c1:9142, c2", "--cassandra-keyspace", "jaeger_v1_test",
            "--cassandra-username", "u", "--cassandra-password", "p", "--cassandra-consistency", "local_quorum", "--cassandra-compression", "LZ4",
            "--cassandra-create-schema", "true", "--cassandra-trace-ttl", "72h", "--cassandra-index-tag-blacklist", "a,b", "--cassandra-retry-budget", "1500ms",
        ]);

        Assert.Equal("cassandra", o.Storage);
        Assert.Equal(["c1:9142", "c2"], o.Cassandra.Servers);
        Assert.Equal("jaeger_v1_test", o.Cassandra.Keyspace);
        Assert.Equal(("u", "p"), (o.Cassandra.Username, o.Cassandra.Password));
        Assert.Equal(TraceBackend.Cql.CqlConsistency.LocalQuorum, o.Cassandra.Consistency);
        Assert.Equal(TraceBackend.Cql.CqlConsistency.LocalOne, OptionsParser.Parse([]).Cassandra.Consistency);
        Assert.Equal("lz4", o.Cassandra.Compression);
        Assert.True(o.Cassandra.CreateSchema);
        Assert.Equal(TimeSpan.FromHours(72), o.Cassandra.TraceTtl);
        Assert.Equal(["a", "b"], o.Cassandra.IndexTagDenyList);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), o.Cassandra.RetryBudget);
        Assert.Equal(TimeSpan.FromSeconds(4), OptionsParser.Parse([]).Cassandra.RetryBudget);
        Assert.Equal(TimeSpan.FromSeconds(3), OptionsParser.Parse([]).Cassandra.WriteTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(800), OptionsParser.Parse(["--cassandra-write-timeout", "800ms"]).Cassandra.WriteTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), StorageFactory.CassandraStoreOptions(o.Cassandra).RetryBudget);
        Assert.Equal(9042, o.Cassandra.Port);
        Assert.Equal(TimeSpan.FromHours(12), o.Cassandra.WriteCacheTtl);
        Assert.False(o.Cassandra.TlsEnabled);
        Assert.False(o.RunsDependenciesJob);
    }

    [Fact]
    public void Elasticsearch_flags_fill_the_store_options_and_opensearch_is_an_alias()
    {
        var o = OptionsParser.Parse([
            "--storage", "opensearch", "--es-server-urls", "http://a:9200,https://b:9200", "--es-index-prefix", "prod", "--es-use-aliases", "true",
            "--es-max-span-age", "168h", "--es-bulk-actions", "500", "--es-tags-as-fields-include", "http.method, db.system", "--es-version", "OpenSearch2",
        ]);

        Assert.Equal("elasticsearch", o.Storage);
        Assert.Equal([new Uri("http://a:9200"), new Uri("https://b:9200")], o.Elasticsearch.ServerUrls);
        Assert.Equal("prod", o.Elasticsearch.IndexPrefix);
        Assert.True(o.Elasticsearch.UseAliases);
        Assert.Equal(TimeSpan.FromDays(7), o.Elasticsearch.MaxSpanAge);
        Assert.Equal(500, o.Elasticsearch.BulkActions);
        Assert.Equal(["http.method", "db.system"], o.Elasticsearch.TagsAsFieldsInclude);
        Assert.Equal("opensearch2", o.Elasticsearch.Version);
        Assert.Equal(5, o.Elasticsearch.NumShards);
        Assert.True(o.Elasticsearch.CreateIndexTemplates);
    }

    [Fact]
    public void The_dependencies_job_runs_in_all_in_one_by_default_and_where_enabled()
    {
        Assert.True(OptionsParser.Parse([]).RunsDependenciesJob);
        Assert.False(OptionsParser.Parse(["query"]).RunsDependenciesJob);
        Assert.True(OptionsParser.Parse(["query", "--dependencies-job", "true"]).RunsDependenciesJob);
        Assert.False(OptionsParser.Parse(["--dependencies-job", "false"]).RunsDependenciesJob);
        Assert.Equal(TimeSpan.FromMinutes(15), OptionsParser.Parse(["--dependencies-interval", "15m"]).DependenciesInterval);
        Assert.Equal(TimeSpan.FromHours(1), OptionsParser.Parse([]).DependenciesInterval);
        Assert.Equal(TimeSpan.FromMinutes(15), OptionsParser.Parse([]).DependenciesRefresh);
        Assert.Equal(TimeSpan.Zero, OptionsParser.Parse(["--dependencies-refresh", "0"]).DependenciesRefresh);
    }

    [Theory]
    [InlineData(new[] { "--cassandra-keyspace", "bad-name" }, "--cassandra-keyspace: 'bad-name' must be 1 to 48 letters, digits or underscores")]
    [InlineData(new[] { "--cassandra-servers", " , " }, "--cassandra-servers: must name at least one entry")]
    [InlineData(new[] { "--cassandra-consistency", "SOME" }, "--cassandra-consistency: unknown value 'SOME'")]
    [InlineData(new[] { "--cassandra-tls-ca", "/no/such/ca.pem" }, "--cassandra-tls-ca: file '/no/such/ca.pem' does not exist")]
    [InlineData(new[] { "--es-server-urls", "elastic:9200" }, "--es-server-urls: 'elastic:9200' is not an http:// or https:// URL")]
    [InlineData(new[] { "--es-index-prefix", "Prod" }, "--es-index-prefix: 'Prod' must be lower-case letters")]
    [InlineData(new[] { "--es-version", "5" }, "--es-version: unknown value '5'")]
    [InlineData(new[] { "--es-tags-as-fields-dot-replacement", "." }, "--es-tags-as-fields-dot-replacement: '.' must be")]
    [InlineData(new[] { "--dependencies-interval", "0" }, "--dependencies-interval: '0' must be a positive duration")]
    [InlineData(new[] { "--cassandra-index-tag-whitelist", "a", "--cassandra-index-tag-blacklist", "b" }, "--cassandra-index-tag-whitelist: cannot be combined with --cassandra-index-tag-blacklist")]
    public void Bad_backend_flags_name_the_flag(string[] args, string message)
    {
        var e = Assert.Throws<OptionsException>(() => OptionsParser.Parse(args));
        Assert.StartsWith(message, e.Message);
    }
}
