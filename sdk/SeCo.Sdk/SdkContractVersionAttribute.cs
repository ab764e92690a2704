namespace SeCo.Sdk;

/// <summary>
/// Carries the plugin contract version of the SeCo SDK assembly. The host refuses plugins built
/// against an SDK whose major version differs from its own.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class SdkContractVersionAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="version">The contract version, <c>major.minor.patch</c>.</param>
    public SdkContractVersionAttribute(string version) => Version = System.Version.Parse(version);

    /// <summary>The contract version.</summary>
    public Version Version { get; }
}
