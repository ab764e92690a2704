namespace SeCo.Plugins.Sources.Synthetic;

/// <summary>What <see cref="SyntheticSourceStage"/> renders (option <c>domain</c>).</summary>
public enum SyntheticDomain
{
    /// <summary>Street scenes with ground truth and pseudo-labels simulated from it.</summary>
    Noise,

    /// <summary>The source domain: images and ground truth only (the scenes of <see cref="Noise"/>).</summary>
    Source,

    /// <summary>A shifted target domain of the same classes (camera, lens, scene mix, light, weather, sensor noise).</summary>
    Target,
}
