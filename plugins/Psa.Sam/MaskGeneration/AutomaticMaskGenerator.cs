using System.Runtime.InteropServices;
using SeCo.Plugins.Psa.Modeling;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Vision.Imaging;
using SeCo.Vision.Rle;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>
/// The reference <c>SamAutomaticMaskGenerator</c>: prompts SAM with a grid of points over the image (and over
/// crops), filters the masks by predicted IoU, stability and crop edges, removes duplicates with box NMS and
/// returns records in NMS order. Owns its predictor, so it computes the image embedding itself unless
/// <see cref="Generate(RgbImage, SamPredictor)"/> hands it one already computed.
/// </summary>
public sealed class AutomaticMaskGenerator : IDisposable
{
    /// <summary>Columns of the per-batch host table: box x0, y0, x1, y1, predicted IoU, stability, source point.</summary>
    private const int MaskTableColumns = 7;

    // Image-size logits upsampled and scored at a time (floats): 16 MB, 8 masks of a 512×1024 image.
    private const long UpsampleChunkElements = 4L * 1024 * 1024;

    private readonly SamPredictor _predictor;
    private readonly AutomaticMaskGeneratorOptions _options;
    private readonly IReadOnlyList<double[]> _pointGrids;

    /// <summary>
    /// Creates a generator over <paramref name="model"/> (not owned); crops are encoded in the model's
    /// <see cref="SamModel.EncoderPrecision"/>, masks are decoded in float32.
    /// </summary>
    /// <exception cref="ArgumentException">Both or neither of points-per-side and point grids are given, or too few grids.</exception>
    public AutomaticMaskGenerator(SamModel model, AutomaticMaskGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = options ?? new AutomaticMaskGeneratorOptions();
        if (_options.PointsPerSide.HasValue == (_options.PointGrids is not null))
        {
            throw new ArgumentException("Exactly one of PointsPerSide or PointGrids must be provided.", nameof(options));
        }

        _pointGrids = _options.PointsPerSide is { } perSide
            ? PointGrid.BuildAllLayers(perSide, _options.CropNLayers, _options.CropNPointsDownscaleFactor)
            : _options.PointGrids!.Select(g => g.ToArray()).ToList();
        if (_pointGrids.Count < _options.CropNLayers + 1)
        {
            throw new ArgumentException($"PointGrids needs one grid per crop layer ({_options.CropNLayers + 1}), got {_pointGrids.Count}.", nameof(options));
        }

        _predictor = new SamPredictor(model);
    }

    /// <summary>The options in use.</summary>
    public AutomaticMaskGeneratorOptions Options => _options;

    /// <summary>Generates masks for an RGB image.</summary>
    public IReadOnlyList<MaskRecord> Generate(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Generate(image.Data, image.Height, image.Width);
    }

    /// <summary>
    /// Generates masks for an RGB image whose embedding <paramref name="encoded"/> already holds (set with
    /// <see cref="SamPredictor.SetImage(RgbImage)"/> on the same model): the whole-image crop reuses that embedding
    /// instead of encoding the image again; results are the same as <see cref="Generate(RgbImage)"/>. Extra crop
    /// layers are still encoded by the generator's own predictor. <paramref name="encoded"/> keeps its image.
    /// </summary>
    /// <exception cref="ArgumentException">The predictor holds no image, another image size, or belongs to another model.</exception>
    public IReadOnlyList<MaskRecord> Generate(RgbImage image, SamPredictor encoded)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(encoded);
        if (!encoded.IsImageSet || encoded.OriginalSize != (image.Height, image.Width))
        {
            throw new ArgumentException($"The predictor must hold the embedding of this {image.Width}x{image.Height} image.", nameof(encoded));
        }

        if (!ReferenceEquals(encoded.Model, _predictor.Model))
        {
            throw new ArgumentException("The predictor belongs to another SAM model than the generator.", nameof(encoded));
        }

        return Generate(image.Data, image.Height, image.Width, encoded);
    }

    /// <summary>Generates masks for an interleaved <c>H × W × 3</c> RGB uint8 image.</summary>
    public IReadOnlyList<MaskRecord> Generate(ReadOnlySpan<byte> rgb, int height, int width) => Generate(rgb, height, width, null);

    private IReadOnlyList<MaskRecord> Generate(ReadOnlySpan<byte> rgb, int height, int width, SamPredictor? encoded)
    {
        if (rgb.Length != height * width * 3)
        {
            throw new ArgumentException($"Expected {height}×{width}×3 bytes, got {rgb.Length}.", nameof(rgb));
        }

        var crops = CropBoxes.Generate(height, width, _options.CropNLayers, _options.CropOverlapRatio);
        var candidates = new List<Candidate>();
        foreach (var crop in crops)
        {
            var wholeImage = crop.X0 == 0 && crop.Y0 == 0 && crop.Width == width && crop.Height == height;
            candidates.AddRange(ProcessCrop(rgb, height, width, crop, wholeImage ? encoded : null));
        }

        if (crops.Count > 1)
        {
            var scores = candidates.Select(c => 1f / ((float)c.Crop.Width * c.Crop.Height)).ToArray();
            candidates = Select(candidates, BoxNms.Run(Boxes(candidates), scores, _options.CropNmsThresh));
        }

        if (_options.MinMaskRegionArea > 0)
        {
            candidates = PostprocessSmallRegions(candidates, height, width, _options.MinMaskRegionArea, Math.Max(_options.BoxNmsThresh, _options.CropNmsThresh));
        }

        var records = new List<MaskRecord>(candidates.Count);
        foreach (var c in candidates)
        {
            records.Add(new MaskRecord
            {
                Rle = c.Rle,
                Mask = _options.OutputMode == MaskOutputMode.BinaryMask ? c.Rle.Decode() : null,
                CompressedCounts = _options.OutputMode == MaskOutputMode.CocoRle ? c.Rle.ToString() : null,
                Area = c.Rle.Area,
                Bbox = (c.Box.X0, c.Box.Y0, c.Box.X1 - c.Box.X0, c.Box.Y1 - c.Box.Y0),
                PredictedIou = c.PredictedIou,
                PointCoords = c.Point,
                StabilityScore = c.StabilityScore,
                CropBox = (c.Crop.X0, c.Crop.Y0, c.Crop.Width, c.Crop.Height),
            });
        }

        return records;
    }

    private List<Candidate> ProcessCrop(ReadOnlySpan<byte> rgb, int height, int width, CropBox crop, SamPredictor? encoded)
    {
        var predictor = encoded ?? _predictor;
        if (encoded is null)
        {
            var cropped = new byte[crop.Height * crop.Width * 3];
            for (var y = 0; y < crop.Height; y++)
            {
                rgb.Slice(((crop.Y0 + y) * width + crop.X0) * 3, crop.Width * 3).CopyTo(cropped.AsSpan(y * crop.Width * 3));
            }

            _predictor.SetImage(cropped, crop.Height, crop.Width);
        }

        var grid = _pointGrids[crop.Layer];
        var pointCount = grid.Length / 2;
        var points = new double[grid.Length];
        for (var i = 0; i < pointCount; i++)
        {
            points[i * 2] = grid[i * 2] * crop.Width;
            points[i * 2 + 1] = grid[i * 2 + 1] * crop.Height;
        }

        var candidates = new List<Candidate>();
        for (var start = 0; start < pointCount; start += _options.PointsPerBatch)
        {
            var count = Math.Min(_options.PointsPerBatch, pointCount - start);
            candidates.AddRange(ProcessBatch(predictor, points.AsSpan(start * 2, count * 2), crop, height, width));
        }

        if (encoded is null)
        {
            _predictor.ResetImage();
        }

        var kept = Select(candidates, BoxNms.Run(Boxes(candidates), candidates.Select(c => c.PredictedIou).ToArray(), _options.BoxNmsThresh));
        return kept;
    }

    private List<Candidate> ProcessBatch(SamPredictor predictor, ReadOnlySpan<double> points, CropBox crop, int height, int width)
    {
        var count = points.Length / 2;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = predictor.Features.device;

        // The reference keeps the grid points in float64 up to the Fourier features.
        var pointTensor = tensor(points.ToArray(), [count, 1, 2], device: device);
        var inputPoints = predictor.Transform.ApplyCoords(pointTensor, (crop.Height, crop.Width));
        var labels = ones(count, 1, int64, device: device);
        var (lowRes, iouPredictions) = predictor.DecodeTorch(inputPoints, labels, null, null, multimaskOutput: true);

        var masksPerPoint = lowRes.shape[1];
        var iou = iouPredictions.flatten(0, 1); // [B·3], prompt-major
        var sourcePoint = arange(count * masksPerPoint, int64, device: device).div(masksPerPoint, rounding_mode: RoundingMode.floor);

        // The reference filters by predicted IoU before the stability score; upsampling is per mask, so only the
        // IoU survivors are upsampled to the image (the same logits the reference computes for them).
        var kept = _options.PredIouThresh > 0.0
            ? iou.gt(_options.PredIouThresh).nonzero().flatten()
            : arange(iou.shape[0], int64, device: device);
        if (kept.shape[0] == 0)
        {
            return [];
        }

        var lowResKept = lowRes.flatten(0, 1).index_select(0, kept).unsqueeze(1); // [K, 1, h, w]
        var upsampled = UpsampleStable(predictor, lowResKept);
        if (upsampled is null)
        {
            return [];
        }

        var (logits, stability, stable) = upsampled.Value;
        kept = kept.index_select(0, stable);

        var masks = logits.gt(SamModel.MaskThreshold); // [K, H, W]
        var boxes = MaskBoxes.FromMasks(masks); // [K, 4] in crop coordinates
        var nearEdge = CropEdges.IsBoxNearCropEdge(boxes, crop, height, width);
        var notNear = nearEdge.logical_not().nonzero().flatten();
        masks = masks.index_select(0, notNear);
        boxes = boxes.index_select(0, notNear);
        var selected = kept.index_select(0, notNear);
        stability = stability.index_select(0, notNear);

        var keptCount = (int)selected.shape[0];
        if (keptCount == 0)
        {
            return [];
        }

        // Two device→host transfers per batch: the masks, and one [K, 7] table of every per-mask number (box, IoU,
        // stability, source point). float64 holds the int64 boxes / indexes and the float32 scores exactly.
        var hostMasks = Uncrop(masks, crop, height, width).to(ScalarType.Byte).cpu().contiguous();
        var table = cat([
            boxes.to(float64),
            iou.index_select(0, selected).to(float64).unsqueeze(1),
            stability.to(float64).unsqueeze(1),
            sourcePoint.index_select(0, selected).to(float64).unsqueeze(1)], 1).cpu().contiguous();
        var values = MemoryMarshal.Cast<byte, double>(table.bytes);

        var pixels = hostMasks.bytes;
        var pixelCount = height * width;
        var candidates = new List<Candidate>(keptCount);
        for (var k = 0; k < keptCount; k++)
        {
            var row = values.Slice(k * MaskTableColumns, MaskTableColumns);
            var p = (int)row[6];
            candidates.Add(new Candidate(
                CocoRle.Encode(pixels.Slice(k * pixelCount, pixelCount), height, width),
                ((int)row[0], (int)row[1], (int)row[2], (int)row[3]),
                (float)row[4],
                (float)row[5],
                (points[p * 2], points[p * 2 + 1]),
                crop));
        }

        return candidates;
    }

    /// <summary>
    /// Upsamples the IoU survivors <paramref name="lowRes"/> <c>[K, 1, h, w]</c> to the image and scores their
    /// stability a few masks at a time, keeping only the logits of the stable ones: the image-size logits of a whole
    /// batch (hundreds of MB) are never alive at once, and the small chunks reuse cache-sized heap memory. Returns
    /// the stable masks' logits <c>[S, H, W]</c>, their scores and their indexes in <paramref name="lowRes"/>; null
    /// when none is stable.
    /// </summary>
    private (Tensor Logits, Tensor Stability, Tensor Stable)? UpsampleStable(SamPredictor predictor, Tensor lowRes)
    {
        var count = lowRes.shape[0];
        var pixels = (long)predictor.OriginalSize.Height * predictor.OriginalSize.Width;
        var chunk = Math.Max(1, UpsampleChunkElements / pixels);
        var logitParts = new List<Tensor>();
        var stabilityParts = new List<Tensor>();
        var indexParts = new List<Tensor>();
        for (long start = 0; start < count; start += chunk)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(chunk, count - start);
            var logits = predictor.Model.PostprocessMasks(lowRes.narrow(0, start, n), predictor.InputSize, predictor.OriginalSize).squeeze(1); // [n, H, W]
            var stability = StabilityScore.Calculate(logits, SamModel.MaskThreshold, _options.StabilityScoreOffset); // [n]
            var stable = _options.StabilityScoreThresh > 0.0
                ? stability.ge(_options.StabilityScoreThresh).nonzero().flatten()
                : arange(n, int64, device: stability.device);
            if (stable.shape[0] == 0)
            {
                continue;
            }

            logitParts.Add((stable.shape[0] == n ? logits : logits.index_select(0, stable)).MoveToOuterDisposeScope());
            stabilityParts.Add(stability.index_select(0, stable).MoveToOuterDisposeScope());
            indexParts.Add(stable.add(start).MoveToOuterDisposeScope());
        }

        return logitParts.Count == 0 ? null : (cat(logitParts, 0), cat(stabilityParts, 0), cat(indexParts, 0));
    }

    private static Tensor Uncrop(Tensor masks, CropBox crop, int height, int width)
    {
        if (crop.X0 == 0 && crop.Y0 == 0 && crop.X1 == width && crop.Y1 == height)
        {
            return masks;
        }

        var padX = width - crop.Width;
        var padY = height - crop.Height;
        return nn.functional.pad(masks.to(ScalarType.Byte), [crop.X0, padX - crop.X0, crop.Y0, padY - crop.Y0]);
    }

    private static List<Candidate> PostprocessSmallRegions(List<Candidate> candidates, int height, int width, int minArea, double nmsThreshold)
    {
        if (candidates.Count == 0)
        {
            return candidates;
        }

        var masks = new byte[candidates.Count][];
        var scores = new float[candidates.Count];
        var boxes = new float[candidates.Count * 4];
        var newBoxes = new (int X0, int Y0, int X1, int Y1)[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var mask = candidates[i].Rle.Decode();
            var changed = SmallRegions.Remove(mask, height, width, minArea, SmallRegionMode.Holes);
            changed |= SmallRegions.Remove(mask, height, width, minArea, SmallRegionMode.Islands);
            masks[i] = mask;
            scores[i] = changed ? 0f : 1f;
            newBoxes[i] = MaskBoxes.FromMask(mask, height, width);
            (boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3]) = (newBoxes[i].X0, newBoxes[i].Y0, newBoxes[i].X1, newBoxes[i].Y1);
        }

        var keep = BoxNms.Run(boxes, scores, nmsThreshold);
        var result = new List<Candidate>(keep.Length);
        foreach (var i in keep)
        {
            result.Add(scores[i] == 0f
                ? candidates[i] with { Rle = CocoRle.Encode(masks[i], height, width), Box = newBoxes[i] }
                : candidates[i]);
        }

        return result;
    }

    private static float[] Boxes(List<Candidate> candidates)
    {
        var boxes = new float[candidates.Count * 4];
        for (var i = 0; i < candidates.Count; i++)
        {
            var (x0, y0, x1, y1) = candidates[i].UncroppedBox;
            (boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3]) = (x0, y0, x1, y1);
        }

        return boxes;
    }

    private static List<Candidate> Select(List<Candidate> candidates, int[] indices)
    {
        var selected = new List<Candidate>(indices.Length);
        foreach (var i in indices)
        {
            selected.Add(candidates[i]);
        }

        return selected;
    }

    /// <inheritdoc />
    public void Dispose() => _predictor.Dispose();

    /// <summary>A mask that passed the per-batch filters; box and point in crop coordinates until uncropped.</summary>
    private sealed record Candidate(CocoRle Rle, (int X0, int Y0, int X1, int Y1) CropFrameBox, float PredictedIou, float StabilityScore, (double X, double Y) CropFramePoint, CropBox Crop)
    {
        private (int X0, int Y0, int X1, int Y1)? _box;

        public (int X0, int Y0, int X1, int Y1) UncroppedBox => Box;

        /// <summary>The box in image coordinates.</summary>
        public (int X0, int Y0, int X1, int Y1) Box
        {
            get => _box ?? (CropFrameBox.X0 + Crop.X0, CropFrameBox.Y0 + Crop.Y0, CropFrameBox.X1 + Crop.X0, CropFrameBox.Y1 + Crop.Y0);
            init => _box = value;
        }

        /// <summary>The point in image coordinates.</summary>
        public (double X, double Y) Point => (CropFramePoint.X + Crop.X0, CropFramePoint.Y + Crop.Y0);
    }
}
