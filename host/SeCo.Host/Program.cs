using SeCo.Host.Cli;
using SeCo.Host.Hosting;

// Before anything loads libtorch: OpenMP reads its wait policy when it loads.
NativeThreads.ConfigureEnvironment();

using var signals = new ShutdownSignals(Console.Error);
return await SecoCli.CreateDefault().RunAsync(args, signals.Token);
