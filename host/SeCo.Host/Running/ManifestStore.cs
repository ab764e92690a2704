using System.Text.Json;
using System.Text.Json.Serialization;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;

namespace SeCo.Host.Running;

/// <summary>
/// The one reader and writer of a run folder's files: stage manifests (<c>manifest.json</c>, artifacts as
/// <c>{type, value}</c> JSON) and <c>run.json</c>, for the runner, the daemon and the run folder the reporters get.
/// </summary>
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

    /// <summary>Writes <c>run.json</c> into the workspace, atomically.</summary>
    public static void WriteRun(string workspace, RunSummary summary) =>
        AtomicFile.WriteAllText(Path.Combine(workspace, RunSummary.FileName), JsonSerializer.Serialize(summary, JsonOptions));

    /// <summary>Reads a manifest or <c>run.json</c>.</summary>
    /// <exception cref="SeCoInputException">The file cannot be read as <typeparamref name="T"/>; located at the JSON line.</exception>
    public static T ReadJson<T>(string path)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), JsonOptions)
                ?? throw new SeCoInputException(path, "The file holds null; expected a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new SeCoInputException(new InputLocation(File: path, Line: (int?)(ex.LineNumber + 1)),
                $"The file cannot be read as {typeof(T).Name} ({ex.Message}).", ex);
        }
    }

    /// <summary>The manifest in <paramref name="directory"/>, or null when there is none or it cannot be read (a damaged one is passed over).</summary>
    public static StageManifest? TryReadManifest(string directory) => TryDeserialize(Path.Combine(directory, FileName));

    /// <summary>
    /// The manifest that finished last among the folders <c>&lt;stageId&gt;-&lt;fingerprint&gt;</c> of a workspace,
    /// other than <paramref name="exceptDirectory"/>; null when there is none. Unreadable manifests are passed over.
    /// </summary>
    public static StageManifest? FindPrevious(string workspace, string stageId, string exceptDirectory)
    {
        if (!Directory.Exists(workspace))
        {
            return null;
        }

        var prefix = stageId + "-";
        StageManifest? latest = null;
        foreach (var directory in Directory.EnumerateDirectories(workspace))
        {
            var name = Path.GetFileName(directory);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)
                || name.Length != prefix.Length + FingerprintCalculator.ShortLength
                || !name[prefix.Length..].All(char.IsAsciiHexDigitLower)
                || Path.GetFullPath(directory) == Path.GetFullPath(exceptDirectory))
            {
                continue;
            }

            var manifest = TryDeserialize(Path.Combine(directory, FileName));
            if (manifest?.StageId == stageId && (latest is null || manifest.FinishedAt > latest.FinishedAt))
            {
                latest = manifest;
            }
        }

        return latest;
    }

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

    private static StageManifest? TryDeserialize(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<StageManifest>(File.ReadAllBytes(path), JsonOptions) : null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
