using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace SeCo.Benchmarks;

/// <summary>Entry point: <c>anchors &lt;item&gt;</c> (<see cref="AnchorItems"/>), else BenchmarkDotNet's switcher, so <c>--filter</c>, <c>--job</c> and <c>--inProcess</c> work as documented.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected on the command line.</summary>
    public static void Main(string[] args)
    {
        if (args is ["anchors", ..])
        {
            if (args is ["anchors", var item] && AnchorItems.Run(item))
            {
                return;
            }

            Console.Error.WriteLine("usage: anchors <item>, one item per process:");
            foreach (var (name, description) in AnchorItems.Descriptions)
            {
                Console.Error.WriteLine($"  {name,-8} {description}");
            }

            Environment.Exit(2);
        }

        // The generated child project builds SeCo.Vision and its TorchSharp dependency; on a busy 2-core
        // machine that exceeds BenchmarkDotNet's default 2-minute build timeout.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
