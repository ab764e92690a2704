using BenchmarkDotNet.Running;
using SeCo.Benchmarks.Sources.Proda.Profiling;

// "ops [threads] [cl]": the per-operation CPU-time profile (Profiling/ops.txt); "forward [threads]": one timed forward
// with per-stage CPU time; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "forward")
{
    ProdaForwardProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2);
    return;
}

if (args.Length > 0 && args[0] == "ops")
{
    var opsFile = Path.Combine(AppContext.BaseDirectory, "Profiling", "ops.txt");
    ProdaOpProfile.Run(opsFile, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1, args.Length > 2 && args[2] == "cl");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SeCo.Benchmarks.Sources.Proda.ProdaForwardBenchmarks).Assembly).Run(args);
