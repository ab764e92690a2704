using System.Text.Json;

namespace SeCo.Host.Running;

/// <summary>An output artifact in a manifest: its type's full name and its JSON value.</summary>
internal sealed record ManifestArtifact(string Type, JsonElement Value);
