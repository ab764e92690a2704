namespace SeCo.Host.Hosting;

/// <summary>
/// The libtorch installation or LibTorchSharp shim named with <c>--libtorch</c> / <c>SECO_LIBTORCH</c> cannot be
/// used; the message is one line saying what was found and what was expected. <c>seco</c> prints it and exits 2.
/// </summary>
internal sealed class LibTorchException(string message, Exception? inner = null) : Exception(message, inner);
