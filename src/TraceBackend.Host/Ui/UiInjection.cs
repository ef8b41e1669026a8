namespace TraceBackend.Host.Ui;

/// <summary>What <see cref="UiIndexPatcher"/> writes into index.html. JSON values are already serialized.</summary>
public sealed record UiInjection(
    string? ConfigJson,
    string? ConfigScript,
    string VersionJson,
    string StorageCapabilitiesJson,
    string BackendCapabilitiesJson,
    string BasePath);
