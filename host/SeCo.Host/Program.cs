using SeCo.Host.Cli;

using var signals = new ShutdownSignals(Console.Error);
return await SecoCli.CreateDefault().RunAsync(args, signals.Token);
