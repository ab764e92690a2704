using System.Reflection;

namespace SeCo.Sdk;

/// <summary>The version of the plugin contract this SDK implements.</summary>
public static class SdkContract
{
    /// <summary>
    /// The contract version. The major version changes when a plugin built against an older SDK can
    /// no longer run; minor versions only add.
    /// </summary>
    public static Version Version { get; } =
        typeof(SdkContract).Assembly.GetCustomAttribute<SdkContractVersionAttribute>()?.Version
        ?? typeof(SdkContract).Assembly.GetName().Version!;
}
