using System.Text.Json;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;

namespace SeCo.Host.Running;

/// <summary>
/// Reads a run folder (a pipeline's workspace) back as the SDK's <see cref="RunFolder"/>: <c>run.json</c> for the stages
/// in pipeline order and their wiring, each stage's manifest (through <see cref="ManifestStore"/>) for its output
/// artifacts. Only the SDK's artifact types are read; outputs of plugin-defined types are left out (a reporter is
/// written against the SDK and has nothing to draw from them).
/// </summary>
internal static class RunFolderReader
{
    private static readonly Dictionary<string, Type> s_artifactTypes = typeof(Artifact).Assembly.GetExportedTypes()
        .Where(t => typeof(Artifact).IsAssignableFrom(t) && !t.IsAbstract)
        .ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    /// <summary>Reads <c>run.json</c> and the manifests of a run folder.</summary>
    /// <param name="directory">The run folder (the pipeline's <c>workspace</c>).</param>
    /// <exception cref="SeCoInputException">The folder has no readable <c>run.json</c>, or a manifest is corrupt.</exception>
    public static RunFolder Read(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        var runFile = Path.Combine(full, RunSummary.FileName);
        if (!File.Exists(runFile))
        {
            throw new SeCoInputException(runFile,
                $"There is no {RunSummary.FileName} here; expected a run folder (the pipeline's workspace, e.g. runs/demo) after a seco run.");
        }

        var summary = ManifestStore.ReadJson<RunSummary>(runFile);
        var stages = summary.Stages.Select(record => new RunFolderStage
        {
            Id = record.Id,
            Use = record.Use,
            Inputs = record.Inputs,
            State = record.State,
            DurationSeconds = record.DurationSeconds,
            StartSeconds = record.StartSeconds,
            Error = record.Error,
            OutputDirectory = record.OutputDirectory,
            Outputs = ReadOutputs(record),
        }).ToList();
        return new RunFolder(full, summary.Pipeline, summary.State, stages)
        {
            StartedAt = summary.StartedAt,
            FinishedAt = summary.FinishedAt,
            DurationSeconds = summary.DurationSeconds,
        };
    }

    private static Dictionary<string, Artifact> ReadOutputs(StageRunRecord record)
    {
        var outputs = new Dictionary<string, Artifact>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(record.OutputDirectory))
        {
            return outputs;
        }

        var manifestPath = Path.Combine(record.OutputDirectory, ManifestStore.FileName);
        if (!File.Exists(manifestPath))
        {
            return outputs;
        }

        var manifest = ManifestStore.ReadJson<StageManifest>(manifestPath);
        foreach (var (port, stored) in manifest.Outputs)
        {
            if (s_artifactTypes.TryGetValue(stored.Type, out var type) && stored.Value.Deserialize(type, ManifestStore.JsonOptions) is Artifact artifact)
            {
                outputs[port] = artifact;
            }
        }

        return outputs;
    }
}
