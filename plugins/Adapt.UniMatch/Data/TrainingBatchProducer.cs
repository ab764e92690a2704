using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>
/// Loads the batches of iterations <c>[first, end)</c> on a background task into a bounded queue, so image decoding
/// and augmentation overlap the training step (the reference's one loader worker).
/// </summary>
public sealed class TrainingBatchProducer : IAsyncDisposable
{
    private readonly Channel<TrainingBatch> _channel;
    private readonly CancellationTokenSource _stop;
    private readonly Task _worker;

    /// <summary>Starts loading.</summary>
    /// <param name="labeled">The repeated labelled dataset.</param>
    /// <param name="unlabeled">The unlabelled dataset.</param>
    /// <param name="sampler">Which samples and draws each iteration uses.</param>
    /// <param name="first">First iteration to load.</param>
    /// <param name="end">One past the last iteration.</param>
    /// <param name="capacity">Batches loaded ahead.</param>
    /// <param name="cancellationToken">Stops loading.</param>
    public TrainingBatchProducer(SemiDataset labeled, SemiDataset unlabeled, TrainingSampler sampler, long first, long end,
        int capacity = 2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(unlabeled);
        ArgumentNullException.ThrowIfNull(sampler);
        _channel = Channel.CreateBounded<TrainingBatch>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _stop.Token;
        _worker = Task.Run(async () =>
        {
            try
            {
                for (var iteration = first; iteration < end; iteration++)
                {
                    token.ThrowIfCancellationRequested();
                    var batch = Load(labeled, unlabeled, sampler, iteration);
                    await _channel.Writer.WriteAsync(batch, token).ConfigureAwait(false);
                }

                _channel.Writer.Complete();
            }
            catch (Exception e)
            {
                _channel.Writer.Complete(e);
            }
        }, CancellationToken.None);
    }

    /// <summary>The next batch in iteration order; throws what loading threw (bad files included).</summary>
    public async ValueTask<TrainingBatch?> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _channel.Reader.TryRead(out var batch))
            {
                return batch;
            }
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            // The loader's own exception (a bad image names its file), not the channel's wrapper.
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }

        return null;
    }

    /// <summary>Loads one iteration's batch synchronously.</summary>
    public static TrainingBatch Load(SemiDataset labeled, SemiDataset unlabeled, TrainingSampler sampler, long iteration)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(unlabeled);
        ArgumentNullException.ThrowIfNull(sampler);
        var (labeledIndices, unlabeledIndices) = sampler.Indices(iteration);
        var x = new LabeledSample[labeledIndices.Length];
        var u = new UnlabeledSample[unlabeledIndices.Length];
        var mix = new UnlabeledSample[unlabeledIndices.Length];
        for (var b = 0; b < labeledIndices.Length; b++)
        {
            x[b] = labeled.LoadLabeled(labeledIndices[b], sampler.Augmentation(iteration, 0, b));
        }

        for (var b = 0; b < unlabeledIndices.Length; b++)
        {
            u[b] = unlabeled.LoadUnlabeled(unlabeledIndices[b], sampler.Augmentation(iteration, 1, b));
            mix[b] = unlabeled.LoadUnlabeled(unlabeledIndices[b], sampler.Augmentation(iteration, 2, b));
        }

        return new TrainingBatch(iteration, x, u, mix);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The worker stops by cancellation; its other errors went to the channel.
        }

        _stop.Dispose();
    }
}
