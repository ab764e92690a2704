using BenchmarkDotNet.Running;
using SeCo.Benchmarks.Scc;

if (args is ["anchors", ..])
{
    if (args is ["anchors", var item] && AnchorItems.Run(item))
    {
        return 0;
    }

    Console.Error.WriteLine("usage: anchors <item>, one item per process:");
    foreach (var (name, description) in AnchorItems.Descriptions)
    {
        Console.Error.WriteLine($"  {name,-10} {description}");
    }

    return 2;
}

BenchmarkSwitcher.FromAssembly(typeof(SccTrainingBenchmarks).Assembly).Run(args);
return 0;
