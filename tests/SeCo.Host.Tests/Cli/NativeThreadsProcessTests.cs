using System.Diagnostics;
using SeCo.Host.Cli;
using SeCo.Host.Hosting;
using SeCo.Testing;

namespace SeCo.Host.Tests.Cli;

/// <summary>
/// The built <c>seco</c> hands libtorch's OpenMP (libgomp) the passive wait policy before it loads, and keeps a
/// policy the user set; libtorch's huge-page allocation is switched on the same way. libgomp prints the settings it read when <c>OMP_DISPLAY_ENV=TRUE</c>; a tiny
/// <c>sources.proda</c> stage (random weights, 64×32) loads libtorch through the device lease.
/// </summary>
public sealed class NativeThreadsProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-threads");

    public void Dispose() => _directory.Dispose();

    private async Task<(int Code, string Out, string Error)> RunAsync(string? waitPolicy, params string[] args)
    {
        var pipeline = _directory.File("threads.pipeline.json");
        File.WriteAllText(pipeline, """
            {
              "name": "threads",
              "device": "cpu",
              "threads": 1,
              "taxonomy": "cityscapes19",
              "stages": [
                { "id": "source", "use": "sources.synthetic", "with": { "count": 1, "width": 64, "height": 32 } },
                { "id": "proda", "use": "sources.proda", "in": { "images": "source.images" },
                  "with": { "allowRandomWeights": true, "width": 8, "inputWidth": 64, "inputHeight": 32 } }
              ]
            }
            """);
        var info = new ProcessStartInfo(SlowFixturePlugins.Seco) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("run");
        info.ArgumentList.Add(pipeline);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["OMP_DISPLAY_ENV"] = "TRUE";
        info.Environment.Remove("OMP_WAIT_POLICY");
        info.Environment.Remove("KMP_BLOCKTIME");
        info.Environment.Remove("THP_MEM_ALLOC_ENABLE");
        if (waitPolicy is not null)
        {
            info.Environment["OMP_WAIT_POLICY"] = waitPolicy;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(300));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task OpenMP_reads_the_passive_wait_policy_when_the_user_set_none()
    {
        var (code, output, error) = await RunAsync(null);

        code.Should().Be(ExitCodes.Success, error + output);
        (output + error).Should().Contain("OMP_WAIT_POLICY = 'PASSIVE'").And.Contain("libtorch: 1 CPU threads (OMP_WAIT_POLICY=PASSIVE, THP_MEM_ALLOC_ENABLE=1)");
    }

    [Fact]
    public async Task A_wait_policy_the_user_set_is_kept()
    {
        var (code, output, error) = await RunAsync("ACTIVE", "--threads", "2");

        code.Should().Be(ExitCodes.Success, error + output);
        (output + error).Should().Contain("OMP_WAIT_POLICY = 'ACTIVE'").And.Contain("libtorch: 2 CPU threads (OMP_WAIT_POLICY=ACTIVE, THP_MEM_ALLOC_ENABLE=1)");
    }

    [Fact]
    public void The_default_is_the_cpus_this_process_may_use()
    {
        NativeThreads.DefaultThreads.Should().Be(Environment.ProcessorCount);
        NativeThreads.Resolve(null).Should().Be(Environment.ProcessorCount);
        NativeThreads.Resolve(3).Should().Be(3);
    }
}
