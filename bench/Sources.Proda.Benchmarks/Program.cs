using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(SeCo.Benchmarks.Sources.Proda.ProdaForwardBenchmarks).Assembly).Run(args);
