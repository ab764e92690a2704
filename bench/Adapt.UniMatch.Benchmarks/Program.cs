using System.Globalization;
using BenchmarkDotNet.Running;
using SeCo.Benchmarks.Adapt.UniMatch;

if (args.Length >= 1 && args[0] == "-quick")
{
    var steps = args.Length >= 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
    var backbones = args.Length >= 3 ? args[2..] : ["tiny", "resnet101"];
    QuickStepTimer.Run(steps, backbones);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(UniMatchStepBenchmarks).Assembly).Run(args);
