using System.Reflection;
using SeCo.Host.Hosting;
using SeCo.Sdk;
using TorchSharp;

namespace SeCo.Host.Cli;

/// <summary><c>seco --version</c>: host version, plugin contract version, torch version, and which libtorch this process loads.</summary>
internal static class VersionCommand
{
    public static int Execute(TextWriter output)
    {
        output.WriteLine($"seco {InformationalVersion(typeof(VersionCommand).Assembly)}");
        output.WriteLine($"SDK contract {SdkContract.Version}");
        output.WriteLine($"torch {torch.__version__} (TorchSharp {InformationalVersion(typeof(torch).Assembly)})");
        output.WriteLine(LibTorchRuntime.Describe());
        return ExitCodes.Success;
    }

    private static string InformationalVersion(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
         ?? assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];
}
