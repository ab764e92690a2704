namespace SeCo.Sdk.Stages;

/// <summary>What <see cref="ItemLoop"/>'s <c>Run</c> did.</summary>
/// <typeparam name="TItem">The item type.</typeparam>
/// <param name="Completed">The items whose output file exists now (produced or resumed), in the order given.</param>
/// <param name="Resumed">How many of them already had their file (not recomputed).</param>
/// <param name="Skipped">The items left out because their input was bad (<c>onBadItem: skip</c>), with the problem in words.</param>
public sealed record ItemLoopResult<TItem>(IReadOnlyList<TItem> Completed, int Resumed, IReadOnlyList<(TItem Item, string Reason)> Skipped);
