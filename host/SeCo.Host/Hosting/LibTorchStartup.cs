namespace SeCo.Host.Hosting;

/// <summary>
/// The start-up step that picks the libtorch <c>seco</c> runs on, before anything touches torch: the global options
/// <c>--libtorch DIR</c> and <c>--libtorchsharp PATH</c> (before the command), else <see cref="LibTorchVariable"/> and
/// <see cref="ShimVariable"/>; neither means the bundled CPU libtorch.
/// </summary>
internal static class LibTorchStartup
{
    /// <summary>A PyTorch package folder (<c>.../site-packages/torch</c>) or unpacked libtorch to run on.</summary>
    public const string LibTorchVariable = "SECO_LIBTORCH";

    /// <summary>The LibTorchSharp shim built for it (the file or its folder); default <c>DIR/lib</c>.</summary>
    public const string ShimVariable = "SECO_LIBTORCHSHARP";

    private const string LibTorchOption = "--libtorch";
    private const string ShimOption = "--libtorchsharp";

    /// <summary>Commands that never touch torch: they run without loading an installation.</summary>
    private static readonly HashSet<string> s_torchFree = new(StringComparer.Ordinal) { "submit", "status", "cancel", "report", "help", "--help", "-h" };

    /// <summary>
    /// Takes the global options off <paramref name="args"/> and, when an installation is named and the command may
    /// use torch, loads it. A problem is written to <paramref name="error"/> as one line and gives exit code 2.
    /// </summary>
    public static LibTorchStartupResult Apply(IReadOnlyList<string> args, Func<string, string?> environment, TextWriter error)
    {
        string? libtorch = null;
        string? shim = null;
        var index = 0;
        try
        {
            while (index < args.Count && TryTakeOption(args, ref index, out var name, out var value))
            {
                if (name == LibTorchOption)
                {
                    libtorch = value;
                }
                else
                {
                    shim = value;
                }
            }

            var remaining = args.Skip(index).ToList();
            var libtorchOrigin = libtorch is null ? LibTorchVariable : LibTorchOption;
            var shimOrigin = shim is null ? ShimVariable : ShimOption;
            libtorch ??= NonEmpty(environment(LibTorchVariable));
            shim ??= NonEmpty(environment(ShimVariable));
            if (libtorch is null)
            {
                if (shim is not null)
                {
                    throw new LibTorchException($"{shimOrigin} names a LibTorchSharp shim but no libtorch installation was given ({LibTorchOption} DIR or {LibTorchVariable}).");
                }

                return new LibTorchStartupResult(remaining, null);
            }

            if (remaining.Count > 0 && s_torchFree.Contains(remaining[0]))
            {
                return new LibTorchStartupResult(remaining, null);
            }

            var installation = LibTorchInstallation.Open(libtorch, libtorchOrigin);
            LibTorchLoader.Load(installation, LibTorchSharpShim.Find(installation, shim, shimOrigin));
            return new LibTorchStartupResult(remaining, null);
        }
        catch (LibTorchException ex)
        {
            error.WriteLine($"seco: {ex.Message}");
            return new LibTorchStartupResult([], 2);
        }
    }

    private static bool TryTakeOption(IReadOnlyList<string> args, ref int index, out string name, out string value)
    {
        var arg = args[index];
        foreach (var option in new[] { LibTorchOption, ShimOption })
        {
            if (arg == option)
            {
                if (index + 1 >= args.Count || args[index + 1].StartsWith('-'))
                {
                    throw new LibTorchException($"{option} needs a value.");
                }

                name = option;
                value = args[index + 1];
                index += 2;
                return true;
            }

            if (arg.StartsWith(option + "=", StringComparison.Ordinal))
            {
                name = option;
                value = arg[(option.Length + 1)..];
                if (value.Length == 0)
                {
                    throw new LibTorchException($"{option} needs a value.");
                }

                index++;
                return true;
            }
        }

        name = value = string.Empty;
        return false;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
