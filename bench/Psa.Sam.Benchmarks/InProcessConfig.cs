using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SeCo.Benchmarks.Psa.Sam;

/// <summary>
/// Like the reference measurements (1 warm-up, 3 timed runs), one invocation per iteration, in process (generated
/// projects take minutes to build on the shared 2-core machine). Add <c>--job Dry</c> for a single smoke run.
/// </summary>
public sealed class InProcessConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public InProcessConfig() =>
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)));
}
