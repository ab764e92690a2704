namespace SeCo.Host.Hosting;

/// <summary>The libtorch installation and shim this process loaded instead of the bundled ones.</summary>
/// <param name="Installation">The installation (<c>--libtorch</c> / <c>SECO_LIBTORCH</c>).</param>
/// <param name="Shim">The LibTorchSharp shim built for it.</param>
internal sealed record LibTorchSelection(LibTorchInstallation Installation, LibTorchSharpShim Shim);
