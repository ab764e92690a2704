using BenchmarkDotNet.Running;
using SeCo.Benchmarks.Psa.Sam;

if (args is ["profile"])
{
    AmgStepProfile.Run();
    AmgStepProfile.RunVitBUpsampling();
    return 0;
}

if (args is ["anchors", ..])
{
    if (args is ["anchors", var item] && AnchorItems.Run(item))
    {
        return 0;
    }

    if (args is ["anchors", var psaItem, "--save", var saveDirectory] && psaItem.StartsWith("psa-", StringComparison.Ordinal) && AnchorItems.Run(psaItem, saveDirectory))
    {
        return 0;
    }

    Console.Error.WriteLine("usage: anchors <item> [--save <dir>] (--save: psa items only), one item per process:");
    foreach (var (name, description) in AnchorItems.Descriptions)
    {
        Console.Error.WriteLine($"  {name,-18} {description}");
    }

    return 2;
}

BenchmarkSwitcher.FromAssembly(typeof(PsaStepBenchmarks).Assembly).Run(args);
return 0;
