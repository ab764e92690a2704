using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(SeCo.Benchmarks.LabelMaps.LabelMapIOBenchmarks).Assembly).Run(args);
