using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace SeCo.Plugins.Scc.Data;

/// <summary>
/// Loads and collates batches on a background thread while the caller computes on the previous ones: a bounded
/// producer/consumer queue of at most <c>capacity</c> ready CPU batches. One producer with its own
/// <see cref="RegionPatchLoader"/> works through the plans in order, so the batches (and training) do not depend
/// on timing. A loading error is rethrown to the consumer; disposing stops the producer.
/// </summary>
public sealed class RegionBatchPrefetcher : IDisposable
{
    private readonly BlockingCollection<RegionBatch> _ready;
    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Starts loading.</summary>
    /// <param name="samples">All samples; plans index into them.</param>
    /// <param name="plans">The batches to load, in the order they will be taken.</param>
    /// <param name="patchHeight">Patch height.</param>
    /// <param name="patchWidth">Patch width.</param>
    /// <param name="capacity">How many loaded batches may wait (memory bound).</param>
    /// <param name="cancellationToken">Stops loading.</param>
    public RegionBatchPrefetcher(IReadOnlyList<RegionSample> samples, IEnumerable<RegionBatchPlan> plans, int patchHeight, int patchWidth,
        int capacity = 2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ready = new BlockingCollection<RegionBatch>(capacity);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loader = new RegionPatchLoader(patchHeight, patchWidth);
        var token = _stop.Token;
        _producer = Task.Factory.StartNew(() => Produce(samples, plans, loader, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The batches in plan order; blocks until the next one is loaded.</summary>
    /// <exception cref="OperationCanceledException">Loading was cancelled.</exception>
    public IEnumerable<RegionBatch> Batches()
    {
        foreach (var batch in _ready.GetConsumingEnumerable(_stop.Token))
        {
            yield return batch;
        }

        _failure?.Throw();
        _stop.Token.ThrowIfCancellationRequested();
    }

    /// <summary>Collates the patches of <paramref name="plan"/> with <paramref name="loader"/> (on the calling thread).</summary>
    public static RegionBatch Collate(RegionPatchLoader loader, IReadOnlyList<RegionSample> samples, RegionBatchPlan plan)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(plan);
        var plane = loader.Height * loader.Width;
        var count = plan.Indices.Length;
        var images = new float[count * 3 * plane];
        var masks = new byte[count * plane];
        var labels = new long[count];
        for (var b = 0; b < count; b++)
        {
            var patch = loader.Load(samples[plan.Indices[b]], plan.Mirrors[b]);
            patch.Image.CopyTo(images, b * 3 * plane);
            patch.Mask.CopyTo(masks, b * plane);
            labels[b] = patch.Label;
        }

        return new RegionBatch(plan, images, masks, labels);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _producer.Wait();
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            // The producer stopped because it was told to.
        }

        _ready.Dispose();
        _stop.Dispose();
    }

    private void Produce(IReadOnlyList<RegionSample> samples, IEnumerable<RegionBatchPlan> plans, RegionPatchLoader loader, CancellationToken token)
    {
        try
        {
            foreach (var plan in plans)
            {
                token.ThrowIfCancellationRequested();
                _ready.Add(Collate(loader, samples, plan), token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed or cancelled: the consumer sees the cancellation itself.
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }
}
