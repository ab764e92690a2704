using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Losses;

/// <summary>
/// UniMatch's CutMix paste: inside the box (<c>box == 1</c>) a tensor takes the values of its mix partner, e.g.
/// <c>img_u_s1[box1 == 1] = img_u_s1_mix[box1 == 1]</c> on every channel, or the pseudo-label, confidence and ignore
/// mask of the weak view replaced by those of the mix image.
/// </summary>
public static class CutMix
{
    /// <summary>
    /// A new tensor equal to <paramref name="target"/> outside the box and to <paramref name="source"/> inside it.
    /// </summary>
    /// <param name="target">Values outside the box: <c>[B, H, W]</c> or <c>[B, C, H, W]</c>.</param>
    /// <param name="source">Values inside the box, same shape and dtype as <paramref name="target"/>.</param>
    /// <param name="box">The CutMix boxes <c>[B, H, W]</c> (1 inside, 0 outside; any dtype).</param>
    public static Tensor Paste(Tensor target, Tensor source, Tensor box)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(box);
        if (!target.shape.AsSpan().SequenceEqual(source.shape))
        {
            throw new ArgumentException($"The source [{string.Join(", ", source.shape)}] must have the target's shape [{string.Join(", ", target.shape)}].", nameof(source));
        }

        using var scope = NewDisposeScope();
        var inside = box.eq(1);                                  // [B, H, W]
        if (target.dim() == 4)
        {
            inside = inside.unsqueeze(1);                        // [B, 1, H, W], broadcast over channels
        }
        else if (target.dim() != 3)
        {
            throw new ArgumentException($"Expected a [B, H, W] or [B, C, H, W] tensor, got [{string.Join(", ", target.shape)}].", nameof(target));
        }

        return where(inside, source, target).MoveToOuterDisposeScope();
    }
}
