using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SeCo.Benchmarks.Measurement;

/// <summary>
/// The one BenchmarkDotNet configuration of the bench projects: as the reference was measured (1 warm-up, 3 timed
/// runs), one invocation per iteration, in process (multi-second operations need no isolation, and generated-project
/// builds take minutes on a shared 2-core machine). Add <c>--job Dry</c> for a single smoke run.
/// </summary>
public sealed class AnchorBenchmarkConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public AnchorBenchmarkConfig() =>
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)));
}
