using SeCo.Host.Running;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SeCo.Host.Cli;

/// <summary>Progress on a terminal: one Spectre.Console bar per running stage with items done/total and ETA.</summary>
internal sealed class LiveProgressView : IRunObserver
{
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private ProgressContext? _context;

    /// <summary>The Spectre progress display these bars live in.</summary>
    public static Progress CreateDisplay(IAnsiConsole console) => console.Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ItemCountColumn(),
            new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn());

    public void Attach(ProgressContext context) => _context = context;

    public void StageCached(string stageId)
    {
        lock (_lock)
        {
            if (_context is null)
            {
                return;
            }

            var task = _context.AddTask($"[grey]{Markup.Escape(stageId)} (cached)[/]", autoStart: true, maxValue: 1);
            task.Value = 1;
            task.StopTask();
        }
    }

    public void StageStarted(string stageId, string use)
    {
        lock (_lock)
        {
            if (_context is not null)
            {
                var task = _context.AddTask(Markup.Escape(stageId), autoStart: true, maxValue: 1);
                task.IsIndeterminate = true;
                _tasks[stageId] = task;
            }
        }
    }

    public void StageProgress(string stageId, long done, long total, string? phase)
    {
        lock (_lock)
        {
            if (_tasks.TryGetValue(stageId, out var task) && total > 0)
            {
                task.IsIndeterminate = false;
                task.MaxValue = total;
                task.Value = Math.Min(done, total);
                task.Description = phase is null ? Markup.Escape(stageId) : $"{Markup.Escape(stageId)} [grey]{Markup.Escape(phase)}[/]";
            }
        }
    }

    public void StageFinished(string stageId, StageRunState state, TimeSpan elapsed, Exception? error)
    {
        lock (_lock)
        {
            if (!_tasks.TryGetValue(stageId, out var task))
            {
                if (_context is null || state != StageRunState.Skipped)
                {
                    return;
                }

                task = _context.AddTask("", autoStart: false, maxValue: 1);
            }

            task.IsIndeterminate = false;
            if (state == StageRunState.Succeeded)
            {
                task.Value = task.MaxValue;
            }

            task.Description = state switch
            {
                StageRunState.Succeeded => $"[green]{Markup.Escape(stageId)}[/]",
                StageRunState.Failed => $"[red]{Markup.Escape(stageId)} failed[/]",
                StageRunState.Skipped => $"[grey]{Markup.Escape(stageId)} skipped[/]",
                _ => $"[yellow]{Markup.Escape(stageId)} {state.ToString().ToLowerInvariant()}[/]",
            };
            task.StopTask();
        }
    }

    /// <summary>Shows <c>done/total</c> items of a bar.</summary>
    private sealed class ItemCountColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            task.IsIndeterminate ? new Text("") : new Markup($"{task.Value:0}/{task.MaxValue:0}");
    }
}
