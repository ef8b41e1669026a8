using System.Globalization;
using TraceBackend.Model;

namespace TraceBackend.JaegerModel;

internal sealed partial class JaegerSpanMapper
{
    /// <summary>
    /// The status of a span from its attributes (upstream <c>setInternalSpanStatus</c>), removing the tags it consumes:
    /// <list type="number">
    /// <item>A Bool <c>error</c> = true → ERROR (tag removed); message = <c>otel.status_description</c> (removed),
    /// else <c>http.status_message</c> (kept). A false or non-bool <c>error</c> tag stays an attribute.</item>
    /// <item>Else a <c>otel.status_code</c> tag: <c>OK</c>/<c>ERROR</c> (case-insensitive) → that code, anything
    /// else → UNSET; message = <c>otel.status_description</c> (removed). <c>otel.status_code</c> is removed in
    /// every case, also when step 1 fired.</item>
    /// <item>Else an <c>http.status_code</c> tag (Int, or a decimal string): 4xx → ERROR for client spans, UNSET
    /// for server spans; otherwise 100–398 → UNSET, anything else → ERROR; when not UNSET the message is
    /// <c>http.status_message</c>.</item>
    /// </list>
    /// </summary>
    internal static SpanStatus MapStatus(AttributeMap attributes, SpanKind kind)
    {
        var code = StatusCode.Unset;
        var message = "";
        var exists = false;
        if (attributes.TryGet(JaegerTagNames.Error, out var error) && error.Type == AttributeType.Bool && error.AsBool)
        {
            code = StatusCode.Error;
            attributes.Remove(JaegerTagNames.Error);
            exists = true;
            if (TryTakeStatusDescription(attributes, out var description))
            {
                message = description;
            }
            else if (attributes.TryGet(JaegerTagNames.HttpStatusMessage, out var httpMessage))
            {
                message = StringOf(httpMessage);
            }
        }

        if (attributes.TryGet(JaegerTagNames.OtelStatusCode, out var otelCode))
        {
            if (!exists)
            {
                exists = true;
                var text = StringOf(otelCode);
                if (string.Equals(text, JaegerTagNames.StatusOk, StringComparison.OrdinalIgnoreCase))
                {
                    code = StatusCode.Ok;
                }
                else if (string.Equals(text, JaegerTagNames.StatusError, StringComparison.OrdinalIgnoreCase))
                {
                    code = StatusCode.Error;
                }

                if (TryTakeStatusDescription(attributes, out var description))
                {
                    message = description;
                }
            }

            attributes.Remove(JaegerTagNames.OtelStatusCode);
        }
        else if (!exists && attributes.TryGet(JaegerTagNames.HttpStatusCode, out var httpCode) && TryReadHttpCode(httpCode, out var http))
        {
            var fromHttp = StatusFromHttp(http, kind);
            if (fromHttp != StatusCode.Unset)
            {
                exists = true;
                code = fromHttp;
            }

            if (attributes.TryGet(JaegerTagNames.HttpStatusMessage, out var httpMessage))
            {
                message = StringOf(httpMessage);
            }
        }

        return exists ? new SpanStatus(code, message) : SpanStatus.Unset;
    }

    internal static StatusCode StatusFromHttp(long httpCode, SpanKind kind)
    {
        if (httpCode is >= 400 and < 500)
        {
            switch (kind)
            {
                case SpanKind.Client: return StatusCode.Error;
                case SpanKind.Server: return StatusCode.Unset;
            }
        }

        return httpCode is >= 100 and < 399 ? StatusCode.Unset : StatusCode.Error;
    }

    private static bool TryTakeStatusDescription(AttributeMap attributes, out string description)
    {
        if (attributes.TryGet(JaegerTagNames.OtelStatusDescription, out var value))
        {
            description = StringOf(value);
            attributes.Remove(JaegerTagNames.OtelStatusDescription);
            return true;
        }

        description = "";
        return false;
    }

    /// <summary>An Int, or a string Go's <c>strconv.ParseInt(s, 10, 64)</c> accepts (optional sign, decimal digits).</summary>
    private static bool TryReadHttpCode(AttributeValue value, out long code)
    {
        switch (value.Type)
        {
            case AttributeType.Int:
                code = value.AsInt;
                return true;
            case AttributeType.String:
                return long.TryParse(value.AsString, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out code);
            default:
                code = 0;
                return false;
        }
    }
}
