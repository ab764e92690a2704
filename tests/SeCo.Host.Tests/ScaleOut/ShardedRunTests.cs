using SeCo.Host.Cli;

namespace SeCo.Host.Tests.ScaleOut;

/// <summary><c>seco run --only STAGE --shard i/N</c> with the real plugins, shards running as concurrent processes on one workspace.</summary>
public sealed class ShardedRunTests : IDisposable
{
    private readonly ShardPipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task Three_concurrent_psa_shards_then_a_plain_run_give_the_single_process_results_byte_for_byte()
    {
        var directory = _pipeline.Directory;
        await SecoProcess.RunOkAsync(directory, null, "run", "pipeline.json");
        var single = _pipeline.Results();
        single.Keys.Count(k => k.EndsWith(".png", StringComparison.Ordinal) && k.StartsWith("psa-", StringComparison.Ordinal)).Should().Be(6);
        _pipeline.ClearWorkspace();

        var early = await SecoProcess.RunAsync(directory, null, "run", "pipeline.json", "--only", "psa", "--shard", "0/3");
        early.Code.Should().Be(ExitCodes.InvalidUsage);
        early.Error.Should().Contain("Stage 'psa' needs the outputs of stages that are not complete").And.Contain(": source.");

        await SecoProcess.RunOkAsync(directory, null, "run", "pipeline.json", "--only", "source");
        var shards = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            SecoProcess.RunAsync(directory, null, "run", "pipeline.json", "--only", "psa", "--shard", $"{i}/3")));
        shards.Should().OnlyContain(s => s.Code == 0, string.Join("\n", shards.Select(s => s.Error)));
        var afterShards = _pipeline.Results();
        afterShards.Keys.Should().NotContain(k => k.StartsWith("psa-", StringComparison.Ordinal) && k.EndsWith("manifest.json", StringComparison.Ordinal),
            "a shard never writes the stage's manifest");
        afterShards.Keys.Count(k => k.StartsWith("psa-", StringComparison.Ordinal) && k.EndsWith(".png", StringComparison.Ordinal)).Should().Be(6);
        shards.Sum(s => CountOf(s.Error, "Aggregated synthetic_")).Should().Be(6, "every image is aggregated by exactly one shard");

        var evalTooEarly = await SecoProcess.RunAsync(directory, null, "run", "pipeline.json", "--only", "eval", "--shard", "1/2");
        evalTooEarly.Code.Should().Be(ExitCodes.InvalidUsage);
        evalTooEarly.Error.Should().Contain(": psa.");

        var merge = await SecoProcess.RunAsync(directory, null, "run", "pipeline.json", "--only", "psa");
        merge.Code.Should().Be(0, merge.Error);
        merge.Error.Should().Contain("Resumed: 6 of 6 items already had their output (psa)").And.NotContain("Aggregated synthetic_");

        var evalShards = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            SecoProcess.RunAsync(directory, null, "run", "pipeline.json", "--only", "eval", "--shard", $"{i}/2")));
        evalShards.Should().OnlyContain(s => s.Code == 0, string.Join("\n", evalShards.Select(s => s.Error)));

        var plain = await SecoProcess.RunOkAsync(directory, null, "run", "pipeline.json");
        plain.Should().Contain("2 cached").And.Contain("1 succeeded");
        _pipeline.Results().Should().Equal(single);
    }

    [Fact]
    public async Task A_shard_of_a_stage_that_is_not_shardable_exits_2()
    {
        var (code, _, error) = await SecoProcess.RunAsync(_pipeline.Directory, null, "run", "pipeline.json", "--only", "source", "--shard", "0/2");

        code.Should().Be(ExitCodes.InvalidUsage);
        error.Should().Contain("Stage 'source' (sources.synthetic) is not shardable").And.Contain("Shardable stages of this pipeline: psa, eval.");
    }

    [Theory]
    [InlineData("--shard", "0/2")]
    [InlineData("--only", "psa", "--shard", "2/2")]
    [InlineData("--only", "psa", "--force", "psa")]
    public void Inconsistent_scale_out_options_are_usage_errors(params string[] options)
    {
        var parse = () => CommandLineParser.Parse(["run", "pipeline.json", .. options]);

        parse.Should().Throw<UsageException>();
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
