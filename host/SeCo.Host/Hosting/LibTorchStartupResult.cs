namespace SeCo.Host.Hosting;

/// <summary>The outcome of <see cref="LibTorchStartup.Apply"/>.</summary>
/// <param name="Arguments">The command line without the global libtorch options.</param>
/// <param name="ExitCode">Null to go on; otherwise the process exits with it (the problem was written).</param>
internal sealed record LibTorchStartupResult(IReadOnlyList<string> Arguments, int? ExitCode);
