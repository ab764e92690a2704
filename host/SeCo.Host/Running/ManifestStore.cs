using System.Text.Json;
using System.Text.Json.Serialization;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.IO;

namespace SeCo.Host.Running;

/// <summary>Writes and reads stage manifests, turning artifacts into <c>{type, value}</c> JSON and back.</summary>
internal sealed class ManifestStore(ArtifactTypeResolver types)
{
    public const string FileName = "manifest.json";

    /// <summary>How artifacts and manifests are written: camelCase, indented, computed properties left out.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static ManifestArtifact Serialize(Artifact artifact) =>
        new(artifact.GetType().FullName!, JsonSerializer.SerializeToElement(artifact, artifact.GetType(), JsonOptions));

    public static void Write(string directory, StageManifest manifest) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(manifest, JsonOptions));

    /// <summary>
    /// Reads the manifest of <paramref name="directory"/> when it exists, parses, matches the fingerprint
    /// and every artifact resolves; otherwise returns null with the reason (null reason: no manifest).
    /// </summary>
    public IReadOnlyDictionary<string, Artifact>? TryRead(string directory, string fingerprint, out string? problem)
    {
        problem = null;
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var manifest = JsonSerializer.Deserialize<StageManifest>(File.ReadAllBytes(path), JsonOptions);
            if (manifest is null || manifest.Fingerprint != fingerprint)
            {
                problem = $"{path} belongs to another fingerprint";
                return null;
            }

            var artifacts = new Dictionary<string, Artifact>(StringComparer.Ordinal);
            foreach (var (port, stored) in manifest.Outputs)
            {
                var type = types.Resolve(stored.Type);
                if (type is null)
                {
                    problem = $"{path}: artifact type {stored.Type} of output '{port}' is not known to the loaded plugins";
                    return null;
                }

                artifacts[port] = (Artifact?)stored.Value.Deserialize(type, JsonOptions)
                    ?? throw new JsonException($"Output '{port}' is null.");
            }

            return artifacts;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or IOException or ArgumentException)
        {
            problem = $"{path} cannot be read ({ex.Message})";
            return null;
        }
    }
}
