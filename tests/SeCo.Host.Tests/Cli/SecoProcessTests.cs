using SeCo.Host.Cli;

namespace SeCo.Host.Tests.Cli;

/// <summary>Runs the built <c>seco</c> executable with the fixture plugin folder.</summary>
public sealed class SecoProcessTests : IDisposable
{
    private readonly SlowFixturePlugins _plugins = new();

    public void Dispose() => _plugins.Dispose();

    private static Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => SecoProcess.RunAsync(args);

    [Fact]
    public async Task Plugins_lists_fixture_stages_with_descriptions_from_the_plugin_xml_docs()
    {
        var (code, output, error) = await RunAsync("plugins", "--plugins", _plugins.Path);

        code.Should().Be(ExitCodes.Success, error);
        output.Should().Contain("fixtures.slow").And.Contain("SeCo.Fixtures.Slow")
            .And.Contain("delayMs").And.Contain("200")
            .And.Contain("How many item files to write.");
    }

    [Fact]
    public async Task Unknown_command_exits_2_with_usage()
    {
        var (code, _, error) = await RunAsync("frobnicate");

        code.Should().Be(ExitCodes.InvalidUsage);
        error.Should().Contain("Unknown command 'frobnicate'").And.Contain("Usage:");
    }

    [Fact]
    public async Task Plugins_piped_to_a_file_keeps_long_lines_whole()
    {
        var (code, output, error) = await RunAsync("plugins");

        code.Should().Be(ExitCodes.Success, error);
        output.Should().Contain("  UniMatch semi-supervised training of DeepLabV3+ on the labelled/unlabelled split; predicts every target image.\n",
            "a pipe gets no 80-column wrapping");
        output.Split('\n').Max(l => l.TrimEnd().Length).Should().BeGreaterThan(80);
    }
}
