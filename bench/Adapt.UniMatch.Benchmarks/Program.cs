using System.Globalization;
using BenchmarkDotNet.Running;
using SeCo.Benchmarks.Adapt.UniMatch;

if (args.Length >= 1 && args[0] == "-quick")
{
    // -quick STEPS THREADS [BACKBONE...]
    var steps = args.Length >= 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
    var threads = args.Length >= 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
    var backbones = args.Length >= 4 ? args[3..] : ["tiny", "resnet101"];
    QuickStepTimer.Run(steps, threads, backbones);
    return;
}

if (args is ["anchors", ..])
{
    if (args is ["anchors", var item] && AnchorItems.Run(item))
    {
        return;
    }

    Console.Error.WriteLine("usage: anchors <item>, one item per process:");
    foreach (var (name, description) in AnchorItems.Descriptions)
    {
        Console.Error.WriteLine($"  {name,-17} {description}");
    }

    Environment.Exit(2);
}

BenchmarkSwitcher.FromAssembly(typeof(UniMatchStepBenchmarks).Assembly).Run(args);
