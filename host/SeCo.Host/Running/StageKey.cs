using System.Security.Cryptography;
using System.Text;
using SeCo.Host.Planning;

namespace SeCo.Host.Running;

/// <summary>
/// Everything that decides a stage's outputs, part by part: its stage type and plugin, its canonical options,
/// the pipeline-level settings that reach it, the code that computes it, its external fingerprint and its
/// inputs' fingerprints. <see cref="FingerprintCalculator"/> hashes it into the stage's fingerprint; the
/// manifest keeps it so a later run can say which part changed (<see cref="CacheExplanation"/>).
/// </summary>
internal sealed record StageKey
{
    /// <summary>The stage type id (<c>use</c>).</summary>
    public required string Use { get; init; }

    /// <summary>The plugin's name.</summary>
    public required string Plugin { get; init; }

    /// <summary>The plugin's version (informational version without build metadata).</summary>
    public required string Version { get; init; }

    /// <summary>SHA-256 of the canonical options (the options themselves are in the manifest).</summary>
    public required string Options { get; init; }

    /// <summary>The pipeline-level settings, <see cref="StageSettings.Values"/>.</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    /// <summary>The code hash of every assembly of the plugin's load context, <see cref="StageCode.Assemblies"/>.</summary>
    public required IReadOnlyDictionary<string, string> Code { get; init; }

    /// <summary>The libtorch build, for stages whose code uses TorchSharp; else null.</summary>
    public string? Torch { get; init; }

    /// <summary>The stage's external fingerprint (<c>IFingerprintSource</c>), or null.</summary>
    public string? External { get; init; }

    /// <summary>Input port to its source and that source's fingerprint.</summary>
    public required IReadOnlyDictionary<string, StageKeyInput> Inputs { get; init; }

    /// <summary>The key of a planned stage.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="settings">The pipeline's settings.</param>
    /// <param name="code">The stage's code.</param>
    /// <param name="external">Its external fingerprint, or null.</param>
    /// <param name="sourceFingerprints">The fingerprint of every stage it reads from, by stage id.</param>
    public static StageKey Create(PlannedStage stage, StageSettings settings, StageCode code, string? external, IReadOnlyDictionary<string, string> sourceFingerprints) => new()
    {
        Use = stage.Descriptor.Id,
        Plugin = stage.Descriptor.Plugin.Name,
        Version = stage.Descriptor.Plugin.Version,
        Options = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stage.CanonicalOptions))),
        Settings = settings.For(code.Torch is not null),
        Code = code.Assemblies,
        Torch = code.Torch,
        External = external,
        Inputs = new SortedDictionary<string, StageKeyInput>(
            stage.Inputs.ToDictionary(i => i.Port, i => new StageKeyInput($"{i.SourceStage}.{i.SourcePort}", sourceFingerprints[i.SourceStage])),
            StringComparer.Ordinal),
    };
}
