using SeCo.Host.Cli;
using SeCo.Host.Hosting;

// Before anything loads libtorch: OpenMP reads its wait policy when it loads.
NativeThreads.ConfigureEnvironment();

// Which libtorch (bundled, or --libtorch / SECO_LIBTORCH) must be settled before anything calls into torch.
var libtorch = LibTorchStartup.Apply(args, Environment.GetEnvironmentVariable, Console.Error);
if (libtorch.ExitCode is { } failed)
{
    return failed;
}

using var signals = new ShutdownSignals(Console.Error);
return await SecoCli.CreateDefault().RunAsync(libtorch.Arguments, signals.Token);
