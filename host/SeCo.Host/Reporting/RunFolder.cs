using System.Text.Json;
using SeCo.Host.Running;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;

namespace SeCo.Host.Reporting;

/// <summary>
/// A run folder (a pipeline's workspace) read back from disk: <c>run.json</c> for the stages in pipeline order and
/// their wiring, each stage's <c>manifest.json</c> for its output artifacts. Only the SDK's artifact types are
/// read; outputs of plugin-defined types are left out (a report has nothing to draw from them).
/// </summary>
internal sealed class RunFolder
{
    private static readonly Dictionary<string, Type> s_artifactTypes = new[]
    {
        typeof(ImageSet), typeof(LabelSet), typeof(RegionSet), typeof(Report), typeof(Split), typeof(Checkpoint),
    }.ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    private RunFolder(string directory, RunSummary summary, IReadOnlyList<RunFolderStage> stages)
    {
        Directory = directory;
        Summary = summary;
        Stages = stages;
    }

    /// <summary>The run folder's full path.</summary>
    public string Directory { get; }

    /// <summary>The run as <c>run.json</c> records it.</summary>
    public RunSummary Summary { get; }

    /// <summary>The stages in pipeline order.</summary>
    public IReadOnlyList<RunFolderStage> Stages { get; }

    /// <summary>Finds a stage by id.</summary>
    public RunFolderStage? Find(string id) => Stages.FirstOrDefault(s => s.Id == id);

    /// <summary>The artifact wired as <paramref name="reference"/> (<c>stage.port</c>), or null.</summary>
    public Artifact? Resolve(string reference)
    {
        var dot = reference.LastIndexOf('.');
        return dot > 0 && Find(reference[..dot]) is { } stage && stage.Outputs.TryGetValue(reference[(dot + 1)..], out var artifact)
            ? artifact
            : null;
    }

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

        var summary = Deserialize<RunSummary>(runFile);
        var stages = new List<RunFolderStage>(summary.Stages.Count);
        foreach (var record in summary.Stages)
        {
            stages.Add(new RunFolderStage(record, ReadOutputs(record)));
        }

        return new RunFolder(full, summary, stages);
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

        var manifest = Deserialize<StageManifest>(manifestPath);
        foreach (var (port, stored) in manifest.Outputs)
        {
            if (s_artifactTypes.TryGetValue(stored.Type, out var type) && stored.Value.Deserialize(type, ManifestStore.JsonOptions) is Artifact artifact)
            {
                outputs[port] = artifact;
            }
        }

        return outputs;
    }

    private static T Deserialize<T>(string path)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), ManifestStore.JsonOptions)
                ?? throw new SeCoInputException(path, "The file holds null; expected a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new SeCoInputException(new InputLocation(File: path, Line: (int?)(ex.LineNumber + 1)),
                $"The file cannot be read as {typeof(T).Name} ({ex.Message}).", ex);
        }
    }
}
