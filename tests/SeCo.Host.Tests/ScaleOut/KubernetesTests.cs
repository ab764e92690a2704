using System.Diagnostics;
using System.Text.Json.Nodes;
using SeCo.Testing;

namespace SeCo.Host.Tests.ScaleOut;

/// <summary>
/// <c>seco k8s</c>: the manifests are checked by a validator that did not write them, the upstream Kubernetes OpenAPI
/// schemas as packaged by the npm package kubernetes-models (tools/k8s-validate; <c>npm ci</c> there installs it, as
/// .ci/run does).
/// </summary>
public sealed class KubernetesTests : IDisposable
{
    private readonly ShardPipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task Manifests_are_a_claim_then_indexed_jobs_for_shardable_stages_and_pass_the_upstream_schemas()
    {
        var output = _pipeline.Directory + "/k8s";
        await SecoProcess.RunOkAsync(_pipeline.Directory, null, "k8s", "pipeline.json", "--image", "registry.example/seco:1.0", "--parallelism", "3", "--out", output);

        var files = Directory.GetFiles(output, "*.json").Order(StringComparer.Ordinal).ToList();
        files.Select(Path.GetFileName).Should().Equal(
            "00-seco-shards-data.json", "01-source.json", "02-psa.json", "03-psa-merge.json", "04-eval.json", "05-eval-merge.json", "06-final.json");
        var objects = files.Select(f => JsonNode.Parse(File.ReadAllText(f))!).ToList();
        objects[0]["kind"]!.GetValue<string>().Should().Be("PersistentVolumeClaim");
        var psa = objects[2]["spec"]!;
        psa["completionMode"]!.GetValue<string>().Should().Be("Indexed");
        psa["completions"]!.GetValue<int>().Should().Be(3);
        psa["template"]!["spec"]!["containers"]![0]!["command"]![2]!.GetValue<string>()
            .Should().Be("exec seco run pipeline.json --only psa --shard \"$JOB_COMPLETION_INDEX\"/3");
        objects[1]["spec"]!["completionMode"].Should().BeNull("a stage that is not shardable is a plain Job");
        File.ReadAllText(Path.Combine(output, "apply.sh")).Should().Contain(
            "kubectl apply -f 02-psa.json\nkubectl wait --for=condition=complete --timeout=-1s job/seco-shards-psa\nkubectl apply -f 03-psa-merge.json");

        var (code, report) = await ValidateAsync(files);

        code.Should().Be(0, report);
        report.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(files.Count).And.OnlyContain(l => l.Contains(": valid "));
    }

    [Fact]
    public async Task The_validator_rejects_a_job_the_schemas_forbid()
    {
        using var folder = new TempDirectory("seco-k8s-bad");
        var bad = folder.File("bad.json");
        File.WriteAllText(bad, """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"x"},"spec":{"completionMode":"Sharded","completions":"three","template":{"spec":{"containers":[{"name":"seco"}]}}}}""");

        var (code, report) = await ValidateAsync([bad]);

        code.Should().NotBe(0);
        report.Should().Contain("INVALID");
    }

    private static async Task<(int Code, string Report)> ValidateAsync(IReadOnlyList<string> files)
    {
        var tool = Path.Combine(GoldenData.RepositoryRoot, "tools", "k8s-validate");
        Directory.Exists(Path.Combine(tool, "node_modules", "kubernetes-models")).Should().BeTrue(
            $"the validator's packages are installed (npm ci --prefix {tool}; .ci/run does it)");
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = tool };
        info.ArgumentList.Add("validate.mjs");
        foreach (var file in files)
        {
            info.ArgumentList.Add(file);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
