using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;

namespace SeCo.Sdk.Stages;

/// <summary>
/// The per-item loop of a stage that writes one or more output files per item, written once for every stage: items of
/// other shards are left out (<see cref="StageContext.ShouldProcess"/>); an item whose output files all exist is
/// resumed, not recomputed (a killed run goes on where it stopped); the others are produced and each file written
/// atomically (<see cref="AtomicFile"/>, so an interrupted item leaves no partial file and is redone); cancellation is
/// checked before each item and progress reported after each; with <c>onBadItem: skip</c> an item whose input is bad
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
        ArgumentNullException.ThrowIfNull(outputPathOf);
        ArgumentNullException.ThrowIfNull(produce);
        return Run(context, items, phase, keyOf, item => [outputPathOf(item)], item => [produce(item)], maxDegreeOfParallelism: 1, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="produce"/> for every item of this shard that lacks one of its output files, on up to
    /// <paramref name="maxDegreeOfParallelism"/> threads (1: in order, on the calling thread). An item is resumed only
    /// when all its files exist; otherwise all are produced again and written, each atomically, in the given order.
    /// </summary>
    /// <typeparam name="TItem">The item type (an image, a label, ...).</typeparam>
    /// <param name="context">The stage's context (shard, bad-item policy, progress, logger).</param>
    /// <param name="items">The items; they are returned in this order whatever order they were processed in.</param>
    /// <param name="phase">The progress phase name (e.g. <c>generate</c>, <c>paint</c>).</param>
    /// <param name="keyOf">The item's key (its id; it decides the shard and names the item in messages).</param>
    /// <param name="outputPathsOf">The item's output files (absolute); it may refuse a bad item with a <see cref="SeCoInputException"/>.</param>
    /// <param name="produce">Computes the content of each of the item's files, in the order of <paramref name="outputPathsOf"/>;
    /// called only when a file is missing. With more than one thread it must be safe to call concurrently.</param>
    /// <param name="maxDegreeOfParallelism">How many items are produced at once (at least 1).</param>
    /// <param name="cancellationToken">Checked before every item.</param>
    /// <returns>The items whose files exist afterwards (in order), how many were resumed, and the skipped ones.</returns>
    public static ItemLoopResult<TItem> Run<TItem>(StageContext context, IReadOnlyList<TItem> items, string phase,
        Func<TItem, string> keyOf, Func<TItem, IReadOnlyList<string>> outputPathsOf, Func<TItem, IReadOnlyList<byte[]>> produce,
        int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(keyOf);
        ArgumentNullException.ThrowIfNull(outputPathsOf);
        ArgumentNullException.ThrowIfNull(produce);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        var outcomes = new Outcome[items.Count];
        var reasons = new string?[items.Count];
        var finished = 0;
        var progressGate = new Lock();

        void Process(int i)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = items[i];
            var key = keyOf(item);
            if (!context.ShouldProcess(key))
            {
                Interlocked.Increment(ref finished);
                return;
            }

            try
            {
                var paths = outputPathsOf(item);
                if (paths.All(File.Exists))
                {
                    outcomes[i] = Outcome.Resumed;
                }
                else
                {
                    var contents = produce(item);
                    if (contents.Count != paths.Count)
                    {
                        throw new InvalidOperationException($"The item loop got {contents.Count} file contents for {paths.Count} output files of '{key}'.");
                    }

                    for (var f = 0; f < paths.Count; f++)
                    {
                        if (Path.GetDirectoryName(paths[f]) is { Length: > 0 } folder)
                        {
                            Directory.CreateDirectory(folder);
                        }

                        AtomicFile.WriteAllBytes(paths[f], contents[f]);
                    }

                    outcomes[i] = Outcome.Produced;
                }
            }
            catch (SeCoInputException e) when (context.OnBadItem == BadItemPolicy.Skip)
            {
                context.Logger.LogWarning("Skipped {Item}: {Problem}", key, e.Describe());
                reasons[i] = e.Describe();
                outcomes[i] = Outcome.Skipped;
            }

            lock (progressGate)
            {
                context.Progress.Report(Interlocked.Increment(ref finished), items.Count, phase);
            }
        }

        if (maxDegreeOfParallelism == 1)
        {
            for (var i = 0; i < items.Count; i++)
            {
                Process(i);
            }
        }
        else
        {
            try
            {
                Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken }, Process);
            }
            catch (AggregateException e)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                throw;
            }
        }

        var completed = new List<TItem>(items.Count);
        var skipped = new List<(TItem Item, string Reason)>();
        var resumed = 0;
        for (var i = 0; i < items.Count; i++)
        {
            switch (outcomes[i])
            {
                case Outcome.Produced:
                    completed.Add(items[i]);
                    break;
                case Outcome.Resumed:
                    completed.Add(items[i]);
                    resumed++;
                    break;
                case Outcome.Skipped:
                    skipped.Add((items[i], reasons[i]!));
                    break;
            }
        }

        if (resumed > 0)
        {
            context.Logger.LogInformation("Resumed: {Count} of {Total} items already had their output ({Phase})", resumed, items.Count, phase);
        }

        return new ItemLoopResult<TItem>(completed, resumed, skipped);
    }

    private enum Outcome
    {
        NotProcessed,
        Produced,
        Resumed,
        Skipped,
    }
}
