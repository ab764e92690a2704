using System.Text.RegularExpressions;

namespace SeCo.Host.Hosting;

/// <summary>The device names a pipeline may ask for; checked by <c>validate</c> and again when the tensor context is made.</summary>
internal static partial class DeviceNames
{
    /// <summary>The accepted names, as a phrase for messages.</summary>
    public const string Expected = "auto, cpu, cuda or cuda:N";

    /// <summary>True for <c>auto</c>, <c>cpu</c>, <c>cuda</c> and <c>cuda:N</c> (any case, surrounding spaces ignored).</summary>
    public static bool IsKnown(string device) => Pattern().IsMatch(device.Trim());

    [GeneratedRegex("^(auto|cpu|cuda(:[0-9]{1,3})?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
