using System.ComponentModel.DataAnnotations;

namespace SeCo.Plugins.Sources.Synthetic;

/// <summary>Options of <see cref="SyntheticSourceStage"/>; bound from the stage's "with" object.</summary>
public sealed record SyntheticSourceOptions
{
    /// <summary>
    /// What to render. <c>noise</c> (the default): street scenes with ground truth and pseudo-labels simulated from it,
    /// for fast pipelines that need labels without a model. <c>source</c>: the source domain, images and ground truth
    /// only (the scenes are those of <c>noise</c>). <c>target</c>: a shifted target domain of the same 19 classes: a
    /// higher camera, a longer lens, busier streets (more pedestrians, riders and trucks, fewer parks), and dusk light,
    /// fog, hue/saturation/gamma changes, blur and sensor noise. In <c>source</c> and <c>target</c> the images carry no
    /// ground-truth paths: ground truth leaves the stage only on the <c>groundTruth</c> port, and <c>labels</c> is empty.
    /// Use different seeds for a target's training and validation sets.
    /// </summary>
    public SyntheticDomain Domain { get; init; } = SyntheticDomain.Noise;

    /// <summary>Number of street scenes to generate.</summary>
    [Range(1, 100_000)]
    public int Count { get; init; } = 24;

    /// <summary>Image width in pixels.</summary>
    [Range(64, 8192)]
    public int Width { get; init; } = 512;

    /// <summary>Image height in pixels.</summary>
    [Range(32, 8192)]
    public int Height { get; init; } = 256;

    /// <summary>Seed of the generator; when absent the pipeline's seed is used. The same seed always gives the same files.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Which independent stream of scenes of the seed to render: sets that must share no scene (source, target-train,
    /// target-val) use different streams with the same pipeline seed. 0 (the default) is the seed's own stream.
    /// </summary>
    [Range(0, 1000)]
    public int Stream { get; init; }

    /// <summary>
    /// How far (in pixels) predicted class borders wander from the true borders: the pseudo-label is
    /// the ground truth warped by a smooth random displacement of up to this many pixels.
    /// </summary>
    [Range(0.0, 64.0)]
    public double BoundaryNoise { get; init; } = 3.0;

    /// <summary>
    /// Width in pixels of the band around predicted class borders that confidence thresholding sets
    /// to ignore (255); the band's width varies smoothly between half and one and a half times this.
    /// </summary>
    [Range(0.0, 64.0)]
    public double IgnoreBand { get; init; } = 1.5;

    /// <summary>Share of the image covered by low-confidence areas that are set to ignore (255).</summary>
    [Range(0.0, 1.0)]
    public double IgnoreFraction { get; init; } = 0.03;

    /// <summary>Share of pixels replaced by confident speckles of a random class.</summary>
    [Range(0.0, 1.0)]
    public double SpeckleRate { get; init; } = 0.004;

    /// <summary>
    /// Probability that an object (car, truck, bus, train, person, rider, motorcycle, bicycle, traffic
    /// light, traffic sign) is predicted as a confusable class (car↔truck, bus↔train, person↔rider,
    /// bicycle↔motorcycle, light↔sign), wholly or in part.
    /// </summary>
    [Range(0.0, 1.0)]
    public double InstanceConfusion { get; init; } = 0.25;

    /// <summary>
    /// Number of blobs per image in which one stuff class is predicted as a confusable one
    /// (sidewalk↔road, terrain↔vegetation, wall↔building, fence↔wall).
    /// </summary>
    [Range(0, 1000)]
    public int StuffConfusionBlobs { get; init; } = 8;

    /// <summary>Number of small false-positive blobs per image (a person, pole, sign or car where there is none).</summary>
    [Range(0, 1000)]
    public int FalsePositiveBlobs { get; init; } = 4;

    /// <summary>Probability that a thin object (pole, traffic light, traffic sign) is missed, wholly or in stretches.</summary>
    [Range(0.0, 1.0)]
    public double ThinClassMissRate { get; init; } = 0.3;

    /// <summary>Images generated at once; absent = one per processor core. The output does not depend on it.</summary>
    [Range(1, 256)]
    public int? MaxDegreeOfParallelism { get; init; }
}
