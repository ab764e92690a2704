using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>
/// Loads the batches of iterations <c>[first, end)</c>: with a capacity above 0 on a background task into a bounded
/// queue, so image decoding and augmentation overlap the training step (the reference's one loader worker); with 0 on
/// the training thread when asked. Background loading is opt-in: TorchSharp 0.107 lets the finalizer free temporary
/// <c>Scalar</c>s while a native call still reads them, and a second allocating thread makes that happen mid-training.
/// </summary>
public sealed class TrainingBatchProducer : IAsyncDisposable
{
    private readonly Channel<TrainingBatch> _channel;
    private readonly CancellationTokenSource _stop;
    private readonly Task _worker;
    private readonly SemiDataset _labeled;
    private readonly SemiDataset _unlabeled;
    private readonly TrainingSampler _sampler;
    private readonly long _end;
    private readonly bool _inline;
    private long _next;

    /// <summary>Starts loading.</summary>
    /// <param name="labeled">The repeated labelled dataset.</param>
    /// <param name="unlabeled">The unlabelled dataset.</param>
    /// <param name="sampler">Which samples and draws each iteration uses.</param>
    /// <param name="first">First iteration to load.</param>
    /// <param name="end">One past the last iteration.</param>
    /// <param name="capacity">Batches loaded ahead on a background task; 0 loads each batch on the caller's thread.</param>
    /// <param name="cancellationToken">Stops loading.</param>
    public TrainingBatchProducer(SemiDataset labeled, SemiDataset unlabeled, TrainingSampler sampler, long first, long end,
        int capacity = 2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(unlabeled);
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        (_labeled, _unlabeled, _sampler, _next, _end) = (labeled, unlabeled, sampler, first, end);
        _inline = capacity == 0;
        _channel = Channel.CreateBounded<TrainingBatch>(new BoundedChannelOptions(Math.Max(1, capacity)) { SingleReader = true, SingleWriter = true });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_inline)
        {
            _worker = Task.CompletedTask;
            return;
        }

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
        if (_inline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return _next < _end ? Load(_labeled, _unlabeled, _sampler, _next++) : null;
        }

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
