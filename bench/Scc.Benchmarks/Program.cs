using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(SeCo.Benchmarks.Scc.SccTrainingBenchmarks).Assembly).Run(args);
