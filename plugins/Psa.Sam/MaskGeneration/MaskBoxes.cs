using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>The reference <c>batched_mask_to_box</c>: inclusive XYXY boxes of binary masks, <c>[0, 0, 0, 0]</c> when empty.</summary>
public static class MaskBoxes
{
    /// <summary>Boxes <c>[..., 4]</c> (int64) of bool masks <c>[..., H, W]</c>.</summary>
    public static Tensor FromMasks(Tensor masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        using var scope = NewDisposeScope();
        var batchShape = masks.shape[..^2];
        if (masks.numel() == 0)
        {
            return zeros([.. batchShape, 4], int64, device: masks.device).MoveToOuterDisposeScope();
        }

        var (h, w) = (masks.shape[^2], masks.shape[^1]);
        var flat = masks.reshape(-1, h, w).to(ScalarType.Bool);

        var inHeight = flat.any(-1); // [C, H]
        var heightCoords = inHeight.to(int64) * arange(h, int64, device: masks.device).unsqueeze(0);
        var bottom = heightCoords.amax([-1]);
        var top = (heightCoords + h * inHeight.logical_not().to(int64)).amin([-1]);

        var inWidth = flat.any(-2); // [C, W]
        var widthCoords = inWidth.to(int64) * arange(w, int64, device: masks.device).unsqueeze(0);
        var right = widthCoords.amax([-1]);
        var left = (widthCoords + w * inWidth.logical_not().to(int64)).amin([-1]);

        var empty = right.lt(left).logical_or(bottom.lt(top));
        var boxes = stack([left, top, right, bottom], -1) * empty.logical_not().to(int64).unsqueeze(-1);
        return boxes.reshape([.. batchShape, 4]).MoveToOuterDisposeScope();
    }

    /// <summary>The inclusive XYXY box of one row-major 0/1 mask, <c>[0, 0, 0, 0]</c> when empty.</summary>
    public static (int X0, int Y0, int X1, int Y1) FromMask(ReadOnlySpan<byte> mask, int height, int width)
    {
        int x0 = width, y0 = height, x1 = -1, y1 = -1;
        for (var y = 0; y < height; y++)
        {
            var row = mask.Slice(y * width, width);
            var first = row.IndexOfAnyExcept((byte)0);
            if (first < 0)
            {
                continue;
            }

            var last = row.LastIndexOfAnyExcept((byte)0);
            x0 = Math.Min(x0, first);
            x1 = Math.Max(x1, last);
            y0 = Math.Min(y0, y);
            y1 = y;
        }

        return x1 < 0 ? (0, 0, 0, 0) : (x0, y0, x1, y1);
    }
}
