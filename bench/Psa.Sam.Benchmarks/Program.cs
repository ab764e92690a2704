using BenchmarkDotNet.Running;
using SeCo.Benchmarks.Psa.Sam;

if (args is ["profile"])
{
    AmgStepProfile.Run();
    AmgStepProfile.RunVitBUpsampling();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(PsaStepBenchmarks).Assembly).Run(args);
