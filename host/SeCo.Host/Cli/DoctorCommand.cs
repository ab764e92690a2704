using SeCo.Host.Hosting;
using TorchSharp;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco doctor</c>: what this process runs on — the libtorch and LibTorchSharp files actually mapped, their
/// versions and origin, CUDA and its devices, cuDNN, and torch's thread counts.
/// </summary>
internal static class DoctorCommand
{
    public static int Execute(TextWriter output)
    {
        output.WriteLine($"TorchSharp {LibTorchLoader.ManagedTorchSharpVersion} (managed, NuGet)");
        if (LibTorchRuntime.Selection is { } selection)
        {
            var installation = selection.Installation;
            output.WriteLine($"libtorch {installation.Version} ({(installation.HasCuda ? "CUDA" : "CPU")} build) from {installation.Root} ({installation.Origin})");
            output.WriteLine($"LibTorchSharp {selection.Shim.Path} (built from TorchSharp {selection.Shim.TorchSharpVersion} against libtorch {selection.Shim.LibTorchVersion}{(selection.Shim.Source is { } source ? $"; {source}" : "")})");
        }
        else
        {
            output.WriteLine($"libtorch {torch.__version__} (bundled CPU build) from {AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)}");
            output.WriteLine($"LibTorchSharp bundled (TorchSharp {LibTorchLoader.ManagedTorchSharpVersion}); use --libtorch DIR or {LibTorchStartup.LibTorchVariable} for your own PyTorch");
        }

        // The first call into torch loads the natives; what is mapped afterwards is what really runs.
        var intraOp = torch.get_num_threads();
        var interOp = torch.get_num_interop_threads();
        var cuda = torch.cuda.is_available();
        output.WriteLine("loaded:");
        foreach (var file in LibTorchRuntime.MappedTorchFiles())
        {
            output.WriteLine($"  {file}");
        }

        output.WriteLine($"CUDA available: {(cuda ? "yes" : "no")}");
        if (cuda)
        {
            var count = torch.cuda.device_count();
            output.WriteLine($"CUDA devices: {count}");
            var names = CudaDeviceNames.Read(count);
            for (var i = 0; i < count; i++)
            {
                output.WriteLine($"  cuda:{i} {names[i]}");
            }

            output.WriteLine($"cuDNN available: {(torch.cuda.is_cudnn_available() ? "yes" : "no")}");
            output.WriteLine($"TF32: matmul {(torch.backends.cuda.matmul.allow_tf32 ? "on" : "off")}, cuDNN {(torch.backends.cudnn.allow_tf32 ? "on" : "off")}");
        }
        else
        {
            output.WriteLine("CUDA devices: 0");
            output.WriteLine("cuDNN available: no");
        }

        output.WriteLine($"threads: {intraOp} intra-op, {interOp} inter-op");
        return ExitCodes.Success;
    }
}
