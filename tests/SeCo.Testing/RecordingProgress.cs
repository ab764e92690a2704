using SeCo.Sdk.Stages;

namespace SeCo.Testing;

/// <summary>Remembers the highest progress reported (reports may arrive from parallel workers).</summary>
public sealed class RecordingProgress : IStageProgress
{
    private long _done;

    /// <summary>The highest <c>done</c> value reported.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>The last <c>total</c> value reported.</summary>
    public long Total { get; private set; }

    /// <inheritdoc />
    public void Report(long done, long total, string? phase = null)
    {
        long current;
        while ((current = Interlocked.Read(ref _done)) < done && Interlocked.CompareExchange(ref _done, done, current) != current)
        {
        }

        Total = total;
    }
}
