using SeCo.Sdk.Artifacts;

namespace SeCo.Sdk.Runs;

/// <summary>
/// A finished run read back from its folder (the pipeline's workspace): the run as <c>run.json</c> records it and
/// each stage's output artifacts from its manifest. The host reads it and hands it to <see cref="IRunReporter"/>s,
/// so a report needs neither the host's file formats nor any stage by name.
/// </summary>
public sealed class RunFolder
{
    /// <summary>Creates the run folder view.</summary>
    /// <param name="directory">The run folder's full path.</param>
    /// <param name="pipeline">The pipeline's name.</param>
    /// <param name="state">How the run ended.</param>
    /// <param name="stages">The stages in pipeline order.</param>
    public RunFolder(string directory, string pipeline, RunState state, IReadOnlyList<RunFolderStage> stages)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(stages);
        Directory = directory;
        Pipeline = pipeline;
        State = state;
        Stages = stages;
    }

    /// <summary>The run folder's full path.</summary>
    public string Directory { get; }

    /// <summary>The pipeline's name.</summary>
    public string Pipeline { get; }

    /// <summary>How the run ended.</summary>
    public RunState State { get; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run finished.</summary>
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>The run's wall-clock seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>The stages in pipeline order.</summary>
    public IReadOnlyList<RunFolderStage> Stages { get; }

    /// <summary>Finds a stage by id.</summary>
    public RunFolderStage? Find(string id) => Stages.FirstOrDefault(s => s.Id == id);

    /// <summary>The artifact wired as <paramref name="reference"/> (<c>stage.port</c>), or null.</summary>
    public Artifact? Resolve(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var dot = reference.LastIndexOf('.');
        return dot > 0 && Find(reference[..dot]) is { } stage && stage.Outputs.TryGetValue(reference[(dot + 1)..], out var artifact)
            ? artifact
            : null;
    }
}
