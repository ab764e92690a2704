namespace SeCo.Plugins.Psa.Stages;

/// <summary>Where <see cref="PsaStage"/> gets its regions and thing masks from.</summary>
public enum PsaProposer
{
    /// <summary>SAM: automatic masks vote on stuff, box + point prompts re-segment things (the reference; needs a checkpoint).</summary>
    Sam = 0,

    /// <summary>
    /// Weight-free: Felzenszwalb–Huttenlocher segments vote on stuff, and each thing prompt takes the segments
    /// inside its box (<see cref="Aggregation.SegmentThingPrompter"/>). No SAM checkpoint is read.
    /// </summary>
    Felzenszwalb = 1,
}
