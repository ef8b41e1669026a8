namespace TraceBackend.Storage.Elasticsearch.Tests.Templates;

/// <summary>
/// Templates as Jaeger renders them, copied from jaegertracing/jaeger
/// <c>internal/storage/v1/elasticsearch/mappings/</c> (fixtures and templates rendered with shards 3, replicas 3).
/// </summary>
internal static class JaegerTemplateFixtures
{
    private const string KeyValueType = """
        "properties": {
          "key": { "type": "keyword", "ignore_above": 256 },
          "value": { "type": "keyword", "ignore_above": 256 },
          "type": { "type": "keyword", "ignore_above": 256 }
        }
        """;

    /// <summary><c>fixtures/jaeger-span-8-opensearch.json</c>: prefix <c>test-</c>, priority 500, ILM (ISM) on.</summary>
    public const string Span8OpenSearch = $$"""
        {
          "priority": 500,
          "index_patterns": "test-jaeger-span-*",
          "template": {
            "aliases": { "test-jaeger-span-read": {} },
            "settings": {
              "index.number_of_shards": 3,
              "index.number_of_replicas": 3,
              "index.mapping.nested_fields.limit": 50,
              "index.requests.cache.enable": true,
              "plugins.index_state_management.rollover_alias": "test-jaeger-span-write"
            },
            "mappings": {
              "dynamic_templates": [
                { "span_tags_map": { "mapping": { "type": "keyword", "ignore_above": 256 }, "path_match": "tag.*" } },
                { "process_tags_map": { "mapping": { "type": "keyword", "ignore_above": 256 }, "path_match": "process.tag.*" } },
                { "scope_tags_map": { "mapping": { "type": "keyword", "ignore_above": 256 }, "path_match": "scopeTag.*" } }
              ],
              "properties": {
                "traceID": { "type": "keyword", "ignore_above": 256 },
                "parentSpanID": { "type": "keyword", "ignore_above": 256 },
                "spanID": { "type": "keyword", "ignore_above": 256 },
                "operationName": { "type": "keyword", "ignore_above": 256 },
                "startTime": { "type": "long" },
                "startTimeMillis": { "type": "date", "format": "epoch_millis" },
                "duration": { "type": "long" },
                "flags": { "type": "integer" },
                "logs": {
                  "type": "nested",
                  "dynamic": false,
                  "properties": {
                    "timestamp": { "type": "long" },
                    "fields": { "type": "nested", "dynamic": false, {{KeyValueType}} }
                  }
                },
                "process": {
                  "properties": {
                    "serviceName": { "type": "keyword", "ignore_above": 256 },
                    "tag": { "type": "object" },
                    "tags": { "type": "nested", "dynamic": false, {{KeyValueType}} }
                  }
                },
                "references": {
                  "type": "nested",
                  "dynamic": false,
                  "properties": {
                    "refType": { "type": "keyword", "ignore_above": 256 },
                    "traceID": { "type": "keyword", "ignore_above": 256 },
                    "spanID": { "type": "keyword", "ignore_above": 256 },
                    "traceState": { "type": "keyword", "ignore_above": 256 },
                    "flags": { "type": "integer" },
                    "tags": { "type": "nested", "dynamic": false, {{KeyValueType}} }
                  }
                },
                "tag": { "type": "object" },
                "tags": { "type": "nested", "dynamic": false, {{KeyValueType}} },
                "scopeTag": { "type": "object" },
                "scopeTags": { "type": "nested", "dynamic": false, {{KeyValueType}} }
              }
            }
          }
        }
        """;

    /// <summary><c>jaeger-span-6.json</c> rendered with shards 3, replicas 3 (no prefix: Jaeger's ES 6 pattern has none).</summary>
    public const string Span6 = $$"""
        {
          "template": "*jaeger-span-*",
          "settings": {
            "index.number_of_shards": 3,
            "index.number_of_replicas": 3,
            "index.mapping.nested_fields.limit": 50,
            "index.requests.cache.enable": true,
            "index.mapper.dynamic": false
          },
          "mappings": {
            "_default_": {
              "_all": { "enabled": false },
              "dynamic_templates": [
                { "span_tags_map": { "mapping": { "type": "keyword", "ignore_above": 256 }, "path_match": "tag.*" } },
                { "process_tags_map": { "mapping": { "type": "keyword", "ignore_above": 256 }, "path_match": "process.tag.*" } }
              ]
            },
            "span": {
              "properties": {
                "traceID": { "type": "keyword", "ignore_above": 256 },
                "parentSpanID": { "type": "keyword", "ignore_above": 256 },
                "spanID": { "type": "keyword", "ignore_above": 256 },
                "operationName": { "type": "keyword", "ignore_above": 256 },
                "startTime": { "type": "long" },
                "startTimeMillis": { "type": "date", "format": "epoch_millis" },
                "duration": { "type": "long" },
                "flags": { "type": "integer" },
                "logs": {
                  "type": "nested",
                  "dynamic": false,
                  "properties": {
                    "timestamp": { "type": "long" },
                    "fields": { "type": "nested", "dynamic": false, {{KeyValueType}} }
                  }
                },
                "process": {
                  "properties": {
                    "serviceName": { "type": "keyword", "ignore_above": 256 },
                    "tag": { "type": "object" },
                    "tags": { "type": "nested", "dynamic": false, {{KeyValueType}} }
                  }
                },
                "references": {
                  "type": "nested",
                  "dynamic": false,
                  "properties": {
                    "refType": { "type": "keyword", "ignore_above": 256 },
                    "traceID": { "type": "keyword", "ignore_above": 256 },
                    "spanID": { "type": "keyword", "ignore_above": 256 }
                  }
                },
                "tag": { "type": "object" },
                "tags": { "type": "nested", "dynamic": false, {{KeyValueType}} }
              }
            }
          }
        }
        """;

    /// <summary><c>jaeger-service-8.json</c>: prefix <c>test-</c>, priority 501, ILM off.</summary>
    public const string Service8 = """
        {
          "priority": 501,
          "index_patterns": "test-jaeger-service-*",
          "template": {
            "settings": {
              "index.number_of_shards": 3,
              "index.number_of_replicas": 3,
              "index.mapping.nested_fields.limit": 50,
              "index.requests.cache.enable": true
            },
            "mappings": {
              "dynamic_templates": [
                { "span_tags_map": { "mapping": { "type": "keyword", "ignore_above": 256 }, "path_match": "tag.*" } },
                { "process_tags_map": { "mapping": { "type": "keyword", "ignore_above": 256 }, "path_match": "process.tag.*" } }
              ],
              "properties": {
                "serviceName": { "type": "keyword", "ignore_above": 256 },
                "operationName": { "type": "keyword", "ignore_above": 256 }
              }
            }
          }
        }
        """;

    /// <summary><c>jaeger-service-6.json</c> rendered with shards 3, replicas 3.</summary>
    public const string Service6 = """
        {
          "template": "*jaeger-service-*",
          "settings": {
            "index.number_of_shards": 3,
            "index.number_of_replicas": 3,
            "index.mapping.nested_fields.limit": 50,
            "index.requests.cache.enable": true,
            "index.mapper.dynamic": false
          },
          "mappings": {
            "_default_": {
              "_all": { "enabled": false },
              "dynamic_templates": [
                { "span_tags_map": { "mapping": { "type": "keyword", "ignore_above": 256 }, "path_match": "tag.*" } },
                { "process_tags_map": { "mapping": { "type": "keyword", "ignore_above": 256 }, "path_match": "process.tag.*" } }
              ]
            },
            "service": {
              "properties": {
                "serviceName": { "type": "keyword", "ignore_above": 256 },
                "spanKind": { "type": "keyword", "ignore_above": 256 },
                "operationName": { "type": "keyword", "ignore_above": 256 }
              }
            }
          }
        }
        """;

    /// <summary><c>fixtures/jaeger-dependencies-6.json</c>.</summary>
    public const string Dependencies6 = """
        {
          "template": "*jaeger-dependencies-*",
          "settings": {
            "index.number_of_shards": 3,
            "index.number_of_replicas": 3,
            "index.mapping.nested_fields.limit": 50,
            "index.requests.cache.enable": true
          },
          "mappings": {}
        }
        """;

    /// <summary><c>jaeger-dependencies-8.json</c> (before data streams): prefix <c>test-</c>, priority 502, ILM off.</summary>
    public const string Dependencies8 = """
        {
          "priority": 502,
          "index_patterns": "test-jaeger-dependencies-*",
          "template": {
            "settings": {
              "index.number_of_shards": 3,
              "index.number_of_replicas": 3,
              "index.mapping.nested_fields.limit": 50,
              "index.requests.cache.enable": true
            },
            "mappings": {}
          }
        }
        """;
}
