using System.Text.Json.Serialization;

namespace SeCo.Plugins.Adapt.UniMatch.Optimization;

/// <summary>The optimiser of <c>train.supervised</c> (option <c>optimizer</c>).</summary>
public enum SupervisedOptimizer
{
    /// <summary>UniMatch's SGD (<see cref="UniMatchOptimizer"/>: momentum 0.9, weight decay 1e-4), the reference's.</summary>
    [JsonStringEnumMemberName("sgd")]
    Sgd,

    /// <summary>
    /// TorchSharp's <c>torch.optim.AdamW</c> (betas 0.9 and 0.999, eps 1e-8, decoupled weight decay 0.01) over the same
    /// two groups and poly schedule: converges far faster than SGD when a network is trained from scratch.
    /// </summary>
    [JsonStringEnumMemberName("adamW")]
    AdamW,
}
