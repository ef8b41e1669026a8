using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace TraceBackend.Host.Listeners;

/// <summary>Tags each accepted connection with the name of the listener that accepted it.</summary>
public static class ListenerConnection
{
    private static readonly object s_key = new();

    /// <summary>Adds connection middleware to <paramref name="listenOptions"/> that records <paramref name="name"/>.</summary>
    public static void Tag(ListenOptions listenOptions, string name) =>
        listenOptions.Use(next => connection =>
        {
            connection.Items[s_key] = name;
            return next(connection);
        });

    /// <summary>The listener name of the request's connection, or null when untagged.</summary>
    public static string? NameOf(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(s_key, out var name) == true ? name as string : null;
}
