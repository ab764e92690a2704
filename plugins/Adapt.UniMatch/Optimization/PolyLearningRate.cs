using SeCo.Vision.Optimization;

namespace SeCo.Plugins.Adapt.UniMatch.Optimization;

/// <summary>
/// UniMatch's poly schedule <c>lr = lr0 · (1 − iters / total_iters)^0.9</c>. The reference sets it after the optimiser
/// step of iteration <c>iters</c>, so iteration 0 runs at <c>lr0</c> and iteration <c>i</c> at the value for <c>i − 1</c>.
/// </summary>
public static class PolyLearningRate
{
    /// <summary>UniMatch's exponent.</summary>
    public const double DefaultPower = 0.9;

    /// <summary>The learning rate computed after iteration <paramref name="iteration"/> (0-based, global over epochs).</summary>
    /// <param name="baseLearningRate"><c>lr0</c> (<c>cfg['lr']</c>).</param>
    /// <param name="iteration"><c>epoch · iterations_per_epoch + i</c>.</param>
    /// <param name="totalIterations"><c>iterations_per_epoch · epochs</c>.</param>
    /// <param name="power">The exponent (0.9).</param>
    public static double At(double baseLearningRate, long iteration, long totalIterations, double power = DefaultPower)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalIterations, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(iteration);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iteration, totalIterations);
        return baseLearningRate * Math.Pow(1 - (double)iteration / totalIterations, power);
    }

    /// <summary>
    /// UniMatch's schedule update after the step of <paramref name="iteration"/>: sets every group of
    /// <paramref name="optimizer"/> to <c>lr0 · (1 − iteration / total)^0.9</c> times its factor and returns that value.
    /// </summary>
    public static double UpdateLearningRate(this Sgd optimizer, long iteration, long totalIterations)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var learningRate = At(optimizer.BaseLearningRate, iteration, totalIterations);
        optimizer.SetLearningRate(learningRate);
        return learningRate;
    }
}
