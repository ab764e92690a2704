using SeCo.Host.Cli;

namespace SeCo.Host.Tests.Cli;

public sealed class CommandLineParserTests
{
    [Fact]
    public void Run_takes_a_pipeline_and_repeatable_options_in_both_spellings()
    {
        var line = CommandLineParser.Parse(["run", "my.json", "--set", "a.with.x=1", "--set=b.with.y.z=two", "--force", "a", "--force=b",
            "--from", "c", "--plugins", "/p1", "--plugins=/p2", "-v"]);

        line.Command.Should().Be("run");
        line.PipelinePath.Should().Be("my.json");
        line.Sets.Select(s => s.Text).Should().Equal("a.with.x=1", "b.with.y.z=two");
        line.Sets[1].Keys.Should().Equal("y", "z");
        line.Force.Should().Equal("a", "b");
        line.From.Should().Be("c");
        line.PluginDirectories.Should().Equal("/p1", "/p2");
        line.Verbose.Should().BeTrue();
    }

    [Fact]
    public void Run_threads_takes_a_whole_number_from_1()
    {
        CommandLineParser.Parse(["run", "--threads", "3"]).Threads.Should().Be(3);
        CommandLineParser.Parse(["run"]).Threads.Should().BeNull();
        foreach (var bad in new[] { "0", "x", "1.5", "1025" })
        {
            var parse = () => CommandLineParser.Parse(["run", "--threads", bad]);
            parse.Should().Throw<UsageException>().WithMessage("--threads*whole number from 1 to 1024*");
        }
    }

    [Fact]
    public void Pipeline_path_defaults_to_pipeline_json()
    {
        CommandLineParser.Parse(["validate"]).PipelinePath.Should().Be("pipeline.json");
    }

    [Theory]
    [InlineData("--version", "version")]
    [InlineData("-V", "version")]
    [InlineData("--help", "help")]
    [InlineData("plugins", "plugins")]
    [InlineData("graph", "graph")]
    public void Commands_are_recognised(string arg, string command)
    {
        CommandLineParser.Parse([arg]).Command.Should().Be(command);
    }

    [Theory]
    [InlineData(new string[0], "No command given.")]
    [InlineData(new[] { "rn" }, "Unknown command 'rn'. Did you mean 'run'?")]
    [InlineData(new[] { "validate", "--force", "a" }, "'seco validate' has no option '--force'.")]
    [InlineData(new[] { "run", "--set" }, "--set needs a value.")]
    [InlineData(new[] { "run", "--set", "novalue" }, "--set 'novalue': expected stageId.with.key=value.")]
    [InlineData(new[] { "run", "a.json", "b.json" }, "Unexpected argument 'b.json'.")]
    [InlineData(new[] { "run", "--from", "a", "--from", "b" }, "--from may be given once.")]
    [InlineData(new[] { "plugins", "x.json" }, "Unexpected argument 'x.json'.")]
    public void Bad_command_lines_are_usage_errors(string[] args, string message)
    {
        var parse = () => CommandLineParser.Parse(args);

        parse.Should().Throw<UsageException>().Which.Message.Should().StartWith(message);
    }
}
