using Microsoft.Extensions.Logging;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;

namespace SeCo.Sdk.Stages;

/// <summary>
/// The per-item loop of a stage that writes one output file per item, written once for every stage: items of other
/// shards are left out (<see cref="StageContext.ShouldProcess"/>); an item whose output file exists is resumed, not
/// recomputed (a killed run goes on where it stopped); the others are produced and written atomically
/// (<see cref="AtomicFile"/>, so an interrupted item leaves no file and is redone); cancellation is checked before each
/// item and progress reported after each; with <c>onBadItem: skip</c> an item whose input is bad
/// (<see cref="SeCoInputException"/>) is logged and left out instead of failing the stage.
/// </summary>
public static class ItemLoop
{
    /// <summary>Runs <paramref name="produce"/> for every item of this shard that has no output file yet.</summary>
    /// <typeparam name="TItem">The item type (an image, a label, ...).</typeparam>
    /// <param name="context">The stage's context (shard, bad-item policy, progress, logger).</param>
    /// <param name="items">The items, in the order they are processed and returned.</param>
    /// <param name="phase">The progress phase name (e.g. <c>psa</c>, <c>predict</c>).</param>
    /// <param name="keyOf">The item's key (its id; it decides the shard and names the item in messages).</param>
    /// <param name="outputPathOf">The item's output file (absolute); it may refuse a bad item with a <see cref="SeCoInputException"/>.</param>
    /// <param name="produce">Computes the item's file content; called only when the file does not exist.</param>
    /// <param name="cancellationToken">Checked before every item.</param>
    /// <returns>The items whose file exists afterwards (in order), how many were resumed, and the skipped ones.</returns>
    public static ItemLoopResult<TItem> Run<TItem>(StageContext context, IReadOnlyList<TItem> items, string phase,
        Func<TItem, string> keyOf, Func<TItem, string> outputPathOf, Func<TItem, byte[]> produce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(keyOf);
        ArgumentNullException.ThrowIfNull(outputPathOf);
        ArgumentNullException.ThrowIfNull(produce);
        var completed = new List<TItem>(items.Count);
        var skipped = new List<(TItem Item, string Reason)>();
        var resumed = 0;
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = items[i];
            var key = keyOf(item);
            if (!context.ShouldProcess(key))
            {
                continue;
            }

            try
            {
                var path = outputPathOf(item);
                if (File.Exists(path))
                {
                    resumed++;
                }
                else
                {
                    var bytes = produce(item);
                    if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
                    {
                        Directory.CreateDirectory(folder);
                    }

                    AtomicFile.WriteAllBytes(path, bytes);
                }

                completed.Add(item);
            }
            catch (SeCoInputException e) when (context.OnBadItem == BadItemPolicy.Skip)
            {
                context.Logger.LogWarning("Skipped {Item}: {Problem}", key, e.Describe());
                skipped.Add((item, e.Describe()));
            }

            context.Progress.Report(i + 1, items.Count, phase);
        }

        if (resumed > 0)
        {
            context.Logger.LogInformation("Resumed: {Count} of {Total} items already had their output ({Phase})", resumed, items.Count, phase);
        }

        return new ItemLoopResult<TItem>(completed, resumed, skipped);
    }
}
