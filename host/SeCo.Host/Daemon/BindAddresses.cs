using System.Net;

namespace SeCo.Host.Daemon;

/// <summary>Reads the listen URLs (<c>--urls</c>, separated by ';') and tells whether every one is loopback.</summary>
internal static class BindAddresses
{
    /// <summary>The URLs, trimmed, empty entries dropped.</summary>
    public static IReadOnlyList<string> Split(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>True when the URL binds only a loopback address (<c>localhost</c>, 127.0.0.0/8, <c>[::1]</c>).</summary>
    /// <exception cref="FormatException">The URL is not <c>scheme://host[:port][/]</c>.</exception>
    public static bool IsLoopback(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new FormatException($"--urls '{url}': expected scheme://host:port, e.g. http://127.0.0.1:5080.");
        }

        var rest = url[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? authority : authority[1..close];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
        }

        if (host.Length == 0)
        {
            throw new FormatException($"--urls '{url}': no host given.");
        }

        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
