using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(SeCo.Benchmarks.Psa.Sam.PsaStepBenchmarks).Assembly).Run(args);
