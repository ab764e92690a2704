using SeCo.Vision.Rle;

namespace SeCo.Vision.Regions;

/// <summary>
/// One region of one image in SeCo's region JSON (SCC input and corrected output): a COCO RLE mask with its
/// box, area, category and per-image id, optionally the ground-truth statistics and, after correction, the
/// classifier's loss and score with the thresholds SCC filters by. Null members are not written.
/// </summary>
public sealed record RegionRecord
{
    /// <summary><c>segmentation</c>: the region's mask as a COCO RLE (<c>{"size": [h, w], "counts": "..."}</c>).</summary>
    public required CocoRle Segmentation { get; init; }

    /// <summary><c>bbox</c>: <c>[x, y, w, h]</c> from <see cref="CocoRle.ToBbox"/>.</summary>
    public required RegionBox Bbox { get; init; }

    /// <summary><c>area</c>: number of pixels.</summary>
    public required long Area { get; init; }

    /// <summary><c>category_id</c>: the region's class (after correction: the predicted class).</summary>
    public required int CategoryId { get; init; }

    /// <summary><c>id</c>: running index of the region within its image.</summary>
    public required int Id { get; init; }

    /// <summary><c>true_label</c>, when ground truth was available.</summary>
    public TrueLabel? TrueLabel { get; init; }

    /// <summary><c>loss</c>: the region classifier's loss w.r.t. the noisy label.</summary>
    public double? Loss { get; init; }

    /// <summary><c>score</c>: the classifier's top softmax probability.</summary>
    public double? Score { get; init; }

    /// <summary><c>score_threshold</c>: image-set score threshold.</summary>
    public double? ScoreThreshold { get; init; }

    /// <summary><c>loss_threshold</c>: image-set loss threshold.</summary>
    public double? LossThreshold { get; init; }

    /// <summary><c>local_score_threshold</c>: score threshold of the region's predicted class.</summary>
    public double? LocalScoreThreshold { get; init; }

    /// <summary><c>local_loss_threshold</c>: loss threshold of the region's predicted class.</summary>
    public double? LocalLossThreshold { get; init; }

    /// <summary><c>global_score_threshold</c>: mean of the per-region class score thresholds.</summary>
    public double? GlobalScoreThreshold { get; init; }

    /// <summary><c>global_loss_threshold</c>: mean of the per-region class loss thresholds.</summary>
    public double? GlobalLossThreshold { get; init; }

    /// <summary><c>noise_probability</c>: SCC-LD's η, the posterior of the high-loss mixture component (filter mode <c>gmm</c>).</summary>
    public double? NoiseProbability { get; init; }

    /// <summary><c>noise_threshold</c>: SCC-LD's τ_ns (keep when η is below it).</summary>
    public double? NoiseThreshold { get; init; }

    /// <summary><c>correction_threshold</c>: SCC-LD's τ_cr (relabel a noisy region when the top probability exceeds it).</summary>
    public double? CorrectionThreshold { get; init; }

    /// <summary>
    /// Whether the record carries SCC's correction fields (loss, score or a threshold); such records are written
    /// in <c>convert_json_2input</c>'s key order, the others in <c>gen_ins_mask</c>'s.
    /// </summary>
    public bool IsCorrected =>
        Loss is not null || Score is not null || ScoreThreshold is not null || LossThreshold is not null ||
        LocalScoreThreshold is not null || LocalLossThreshold is not null || GlobalScoreThreshold is not null ||
        GlobalLossThreshold is not null || NoiseProbability is not null || NoiseThreshold is not null || CorrectionThreshold is not null;
}
