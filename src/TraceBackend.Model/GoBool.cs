namespace TraceBackend.Model;

/// <summary>Go's <c>strconv.ParseBool</c> spellings, shared by the query parameters and the Jaeger-layout stores.</summary>
public static class GoBool
{
    /// <summary>Accepts exactly <c>1 t T TRUE true True 0 f F FALSE false False</c>.</summary>
    public static bool TryParse(string text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
