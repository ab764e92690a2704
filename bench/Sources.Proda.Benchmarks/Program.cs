using BenchmarkDotNet.Running;
using SeCo.Benchmarks.Sources.Proda.Profiling;

// "ops [threads] [cl]": the per-operation CPU-time profile (Profiling/ops.txt); "forward [threads]": one timed forward
// with per-stage CPU time; "anchors deeplabv2": row 8 measured like shared/anchors.md; anything else goes to BenchmarkDotNet.
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

if (args.Length > 0 && args[0] == "anchors")
{
    if (args.Length == 2 && SeCo.Benchmarks.Sources.Proda.AnchorItems.Run(args[1]))
    {
        return;
    }

    Console.Error.WriteLine("usage: anchors <item>, one item per process:");
    foreach (var (name, description) in SeCo.Benchmarks.Sources.Proda.AnchorItems.Descriptions)
    {
        Console.Error.WriteLine($"  {name,-10} {description}");
    }

    Environment.Exit(2);
}

BenchmarkSwitcher.FromAssembly(typeof(SeCo.Benchmarks.Sources.Proda.ProdaForwardBenchmarks).Assembly).Run(args);
