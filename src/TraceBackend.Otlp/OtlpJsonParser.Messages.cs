using System.Text.Json;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace TraceBackend.Otlp;

/// <summary>
/// One reader per OTLP message; each starts on the message's first token (object or null). This part: the
/// request envelope, resource and scope.
/// </summary>
internal ref partial struct OtlpJsonParser
{
    public ExportTraceServiceRequest ReadRequest()
    {
        var request = new ExportTraceServiceRequest();
        if (!_reader.Read())
        {
            throw Error("empty body");
        }

        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error("expected object");
        }

        BeginObject();
        while (NextProperty())
        {
            if (Is("resourceSpans"u8, "resource_spans"u8))
            {
                if (BeginArray())
                {
                    while (NextElement())
                    {
                        request.ResourceSpans.Add(ReadResourceSpans());
                    }
                }
            }
            else
            {
                SkipValue();
            }
        }

        ExpectEnd();
        return request;
    }

    private ResourceSpans ReadResourceSpans()
    {
        var rs = new ResourceSpans();
        if (!BeginObject())
        {
            return rs;
        }

        while (NextProperty())
        {
            if (Is("resource"u8))
            {
                rs.Resource = ReadResource();
            }
            else if (Is("scopeSpans"u8, "scope_spans"u8))
            {
                if (BeginArray())
                {
                    while (NextElement())
                    {
                        rs.ScopeSpans.Add(ReadScopeSpans());
                    }
                }
            }
            else if (Is("schemaUrl"u8, "schema_url"u8))
            {
                rs.SchemaUrl = ReadNullableString();
            }
            else
            {
                SkipValue();
            }
        }

        return rs;
    }

    private Resource ReadResource()
    {
        var resource = new Resource();
        if (!BeginObject())
        {
            return resource;
        }

        while (NextProperty())
        {
            if (Is("attributes"u8))
            {
                ReadKeyValues(resource.Attributes);
            }
            else if (Is("droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                resource.DroppedAttributesCount = ReadNullableUInt32();
            }
            else
            {
                SkipValue();
            }
        }

        return resource;
    }

    private ScopeSpans ReadScopeSpans()
    {
        var ss = new ScopeSpans();
        if (!BeginObject())
        {
            return ss;
        }

        while (NextProperty())
        {
            if (Is("scope"u8))
            {
                ss.Scope = ReadScope();
            }
            else if (Is("spans"u8))
            {
                if (BeginArray())
                {
                    while (NextElement())
                    {
                        ss.Spans.Add(ReadSpan());
                    }
                }
            }
            else if (Is("schemaUrl"u8, "schema_url"u8))
            {
                ss.SchemaUrl = ReadNullableString();
            }
            else
            {
                SkipValue();
            }
        }

        return ss;
    }

    private InstrumentationScope ReadScope()
    {
        var scope = new InstrumentationScope();
        if (!BeginObject())
        {
            return scope;
        }

        while (NextProperty())
        {
            if (Is("name"u8))
            {
                scope.Name = ReadNullableString();
            }
            else if (Is("version"u8))
            {
                scope.Version = ReadNullableString();
            }
            else if (Is("attributes"u8))
            {
                ReadKeyValues(scope.Attributes);
            }
            else if (Is("droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                scope.DroppedAttributesCount = ReadNullableUInt32();
            }
            else
            {
                SkipValue();
            }
        }

        return scope;
    }
}
