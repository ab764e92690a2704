using SeCo.Host.Cli;
using SeCo.Host.Tests.Pipelines;
using SeCo.Host.Tests.Stages;
using Spectre.Console;

namespace SeCo.Host.Tests.Cli;

/// <summary>Runs <see cref="SecoCli"/> in-process over the test catalog, capturing stdout and stderr.</summary>
internal sealed class CliHarness : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public PipelineFixture Pipeline { get; } = new();

    public string Out => _out.ToString();

    public string Error => _error.ToString();

    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_out),
        });
        console.Profile.Width = 200;
        var cli = new SecoCli(console, _error, (_, _) => TestCatalog.Create(), Pipeline.Environment.GetValueOrDefault,
            Pipeline.Directory, logging => { });
        return cli.RunAsync(args, cancellationToken);
    }

    public Task<int> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public void Dispose()
    {
        Pipeline.Dispose();
        _out.Dispose();
        _error.Dispose();
    }
}
