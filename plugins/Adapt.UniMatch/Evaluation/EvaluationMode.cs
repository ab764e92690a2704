using System.Text.Json.Serialization;

namespace SeCo.Plugins.Adapt.UniMatch.Evaluation;

/// <summary>How <see cref="SegmentationEvaluator"/> turns an image into a prediction (UniMatch <c>evaluate</c> modes; the JSON names of option <c>evalMode</c> are UniMatch's).</summary>
public enum EvaluationMode
{
    /// <summary>One forward pass on the full image (the reference for every dataset but <c>cityscapes</c>).</summary>
    Original,

    /// <summary>Windows of the crop size at a stride of <c>trunc(2·crop/3)</c>, edge windows truncated, softmax summed.</summary>
    [JsonStringEnumMemberName("sliding_window")]
    SlidingWindow,

    /// <summary>The centred <c>crop x crop</c> window only, scored against the same crop of the ground truth.</summary>
    [JsonStringEnumMemberName("center_crop")]
    CenterCrop,
}
