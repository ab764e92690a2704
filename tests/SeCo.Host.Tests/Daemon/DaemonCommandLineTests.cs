using SeCo.Host.Cli;
using SeCo.Host.Daemon;

namespace SeCo.Host.Tests.Daemon;

/// <summary>The command lines of <c>serve</c> and the client commands.</summary>
public sealed class DaemonCommandLineTests
{
    [Fact]
    public void Serve_reads_its_options_and_repeatable_folders()
    {
        var line = CommandLineParser.Parse(["serve", "--urls", "http://0.0.0.0:9000", "--state-dir=/var/seco", "--data-root", "/data/a", "--data-root", "/data/b",
            "--token-file", "/etc/seco/token", "--max-concurrent-runs", "3", "--model-memory-budget", "6GiB", "--plugins", "/p"]);

        line.Command.Should().Be("serve");
        line.Urls.Should().Be("http://0.0.0.0:9000");
        line.StateDirectory.Should().Be("/var/seco");
        line.DataRoots.Should().Equal("/data/a", "/data/b");
        line.TokenFile.Should().Be("/etc/seco/token");
        line.MaxConcurrentRuns.Should().Be(3);
        line.ModelMemoryBudget.Should().Be("6GiB");
        line.PluginDirectories.Should().Equal("/p");
    }

    [Fact]
    public void Client_commands_take_a_url_the_follow_flag_and_a_run_id()
    {
        var submit = CommandLineParser.Parse(["submit", "job.json", "--follow", "--set", "a.with.x=1", "--url", "http://127.0.0.1:6000/"]);
        submit.PipelinePath.Should().Be("job.json");
        submit.Follow.Should().BeTrue();
        submit.Url.Should().Be("http://127.0.0.1:6000");
        submit.Sets.Should().ContainSingle().Which.Text.Should().Be("a.with.x=1");

        CommandLineParser.Parse(["status"]).RunId.Should().BeNull();
        CommandLineParser.Parse(["status", "r1"]).Url.Should().Be("http://127.0.0.1:5080");
        CommandLineParser.Parse(["cancel", "r1"]).RunId.Should().Be("r1");
    }

    [Theory]
    [InlineData(new[] { "serve", "extra" }, "Unexpected argument 'extra'.")]
    [InlineData(new[] { "serve", "--max-concurrent-runs", "0" }, "--max-concurrent-runs '0': expected a whole number from 1 to 64.")]
    [InlineData(new[] { "cancel" }, "'seco cancel' needs the id of the run to cancel.")]
    [InlineData(new[] { "submit", "--upload", "--set", "a.with.x=1" }, "--set cannot be combined with --upload*")]
    [InlineData(new[] { "status", "--follow" }, "'seco status' has no option '--follow'.*")]
    public void Bad_daemon_command_lines_are_usage_errors(string[] args, string message) =>
        FluentActions.Invoking(() => CommandLineParser.Parse(args)).Should().Throw<UsageException>().WithMessage(message);

    [Theory]
    [InlineData("6GiB", 6L << 30)]
    [InlineData("512 MiB", 512L << 20)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("2GB", 2_000_000_000L)]
    [InlineData("1048576", 1048576L)]
    [InlineData("0", 0L)]
    public void Model_memory_budget_reads_binary_and_decimal_units(string text, long bytes) =>
        ByteSize.Parse(text).Should().Be(bytes);

    [Theory]
    [InlineData("lots")]
    [InlineData("-1GiB")]
    [InlineData("GiB")]
    [InlineData("6 parsecs")]
    public void Model_memory_budget_that_is_not_a_size_is_refused(string text) =>
        FluentActions.Invoking(() => ByteSize.Parse(text)).Should().Throw<FormatException>().WithMessage($"'{text}' is not a memory size*");
}
