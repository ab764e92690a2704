using SeCo.Host.Pipelines;

namespace SeCo.Host.Cli;

/// <summary>Parses <c>seco</c> arguments: a command, an optional pipeline path, and its options (<c>--name value</c> or <c>--name=value</c>).</summary>
internal static class CommandLineParser
{
    public const string Usage = """
        Usage:
          seco [--libtorch DIR [--libtorchsharp PATH]] COMMAND ...
          seco run [pipeline.json] [--set STAGE.with.KEY=VALUE | --set FIELD=VALUE]... [--force STAGE]... [--from STAGE] [--threads N] [--plugins DIR]... [--explain] [--quiet | --verbose]
          seco run [pipeline.json] --only STAGE [--shard I/N] [--threads N] [--set ...]... [--plugins DIR]...   one stage (one shard of its items)
          seco slurm [pipeline.json] [--partition P] [--array-size N] [--dry-run] [--set ...]... [--plugins DIR]...
          seco k8s [pipeline.json] --image IMAGE [--parallelism N] [--out FILE] [--set ...]... [--plugins DIR]...
          seco validate [pipeline.json] [--set ...]... [--plugins DIR]... [--verbose]
          seco graph [pipeline.json] [--set ...]... [--plugins DIR]...
          seco plugins [--plugins DIR]... [--verbose]
          seco schema [--out pipeline.schema.json] [--plugins DIR]...
          seco docs [--out docs/pipeline.md] [--schema-out pipeline.schema.json] [--plugins DIR]...
          seco serve [--urls http://127.0.0.1:5080] [--state-dir DIR] [--data-root DIR]... [--token-file FILE]
                     [--max-concurrent-runs N] [--max-attempts 3] [--model-memory-budget 6GiB] [--plugins DIR]... [--verbose]
          seco submit [pipeline.json] [--set ...]... [--upload] [--follow] [--quiet] [--url http://127.0.0.1:5080]
          seco status [RUN_ID] [--url URL]
          seco cancel RUN_ID [--url URL]
          seco report RUN_FOLDER [--out FILE] [--samples N] [--thumbnail-width PX]
          seco doctor                        libtorch, LibTorchSharp, CUDA devices, cuDNN and threads in use
          seco --version

        --libtorch DIR (or SECO_LIBTORCH) runs on your own PyTorch (DIR = .../site-packages/torch) with the
        LibTorchSharp shim from --libtorchsharp PATH, SECO_LIBTORCHSHARP or DIR/lib (see build/libtorchsharp.sh).
        --set FIELD=VALUE replaces a top-level field: name, device, seed, threads, taxonomy, workspace, onBadItem.
        --quiet prints warnings, errors and the closing line only; --verbose adds debug logs and stack traces.
        Plugins are loaded from <seco folder>/plugins, the folders in SECO_PLUGINS, and each --plugins DIR.
        The client commands send SECO_TOKEN as a bearer token when it is set.
        serve binds loopback without a token; any other address needs one (SECO_TOKEN or --token-file).
        Exit codes: 0 ok, 1 run failed, 2 invalid pipeline or usage, 130 cancelled.
        """;

    private static readonly Dictionary<string, string[]> s_options = new(StringComparer.Ordinal)
    {
        ["run"] = ["set", "force", "from", "only", "shard", "threads", "plugins", "explain", "verbose", "quiet"],
        ["slurm"] = ["set", "partition", "array-size", "dry-run", "plugins", "verbose"],
        ["k8s"] = ["set", "image", "parallelism", "out", "plugins", "verbose"],
        ["validate"] = ["set", "plugins", "verbose"],
        ["graph"] = ["set", "plugins", "verbose"],
        ["plugins"] = ["plugins", "verbose"],
        ["schema"] = ["out", "plugins", "verbose"],
        ["docs"] = ["out", "schema-out", "plugins", "verbose"],
        ["submit"] = ["set", "url", "follow", "upload", "verbose", "quiet"],
        ["status"] = ["url", "verbose"],
        ["cancel"] = ["url", "verbose"],
        ["doctor"] = ["verbose"],
        ["serve"] = ["urls", "state-dir", "data-root", "token-file", "max-concurrent-runs", "max-attempts", "model-memory-budget", "plugins", "verbose"],
    };

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new UsageException("No command given.");
        }

        switch (args[0])
        {
            case "--version" or "-V" or "version":
                return new CommandLine { Command = "version" };
            case "--help" or "-h" or "help":
                return new CommandLine { Command = "help" };
        }

        var command = args[0];
        if (!s_options.TryGetValue(command, out var allowed))
        {
            throw new UsageException($"Unknown command '{command}'.{EditDistance.Suggest(command, s_options.Keys)}");
        }

        var result = new CommandLine { Command = command };
        string? pipeline = null;
        var sets = new List<SetOverride>();
        var force = new List<string>();
        var plugins = new List<string>();
        var dataRoots = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg == "-")
            {
                if (command is "plugins" or "serve" or "schema" or "docs" or "doctor" || pipeline is not null)
                {
                    throw new UsageException($"Unexpected argument '{arg}'.");
                }

                pipeline = arg;
                continue;
            }

            var name = arg.TrimStart('-');
            string? inline = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                inline = name[(equals + 1)..];
                name = name[..equals];
            }

            if (arg is "-v" or "-h" or "-q")
            {
                name = arg switch { "-v" => "verbose", "-q" => "quiet", _ => "help" };
            }

            if (name == "help")
            {
                return new CommandLine { Command = "help" };
            }

            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw new UsageException($"'seco {command}' has no option '--{name}'.{EditDistance.Suggest(name, allowed)}");
            }

            switch (name)
            {
                case "verbose":
                    result = result with { Verbose = true };
                    continue;
                case "quiet":
                    result = result with { Quiet = true };
                    continue;
                case "follow":
                    result = result with { Follow = true };
                    continue;
                case "upload":
                    result = result with { Upload = true };
                    continue;
                case "explain":
                    result = result with { Explain = true };
                    continue;
                case "dry-run":
                    result = result with { DryRun = true };
                    continue;
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"--{name} needs a value."));
            switch (name)
            {
                case "set":
                    try
                    {
                        sets.Add(SetOverride.Parse(value));
                    }
                    catch (FormatException ex)
                    {
                        throw new UsageException(ex.Message);
                    }

                    break;
                case "force":
                    force.Add(value);
                    break;
                case "from":
                    if (result.From is not null)
                    {
                        throw new UsageException("--from may be given once.");
                    }

                    result = result with { From = value };
                    break;
                case "plugins":
                    plugins.Add(value);
                    break;
                case "data-root":
                    dataRoots.Add(value);
                    break;
                case "out":
                    result = result with { Out = value };
                    break;
                case "schema-out":
                    result = result with { SchemaOut = value };
                    break;
                case "url":
                    result = result with { Url = value.TrimEnd('/') };
                    break;
                case "urls":
                    result = result with { Urls = value };
                    break;
                case "state-dir":
                    result = result with { StateDirectory = value };
                    break;
                case "token-file":
                    result = result with { TokenFile = value };
                    break;
                case "max-concurrent-runs":
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var slots) || slots < 1 || slots > 64)
                    {
                        throw new UsageException($"--max-concurrent-runs '{value}': expected a whole number from 1 to 64.");
                    }

                    result = result with { MaxConcurrentRuns = slots };
                    break;
                case "max-attempts":
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var attempts) || attempts < 1 || attempts > 100)
                    {
                        throw new UsageException($"--max-attempts '{value}': expected a whole number from 1 to 100.");
                    }

                    result = result with { MaxAttempts = attempts };
                    break;
                case "threads":
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var threads) || threads < 1 || threads > PipelineParser.MaxThreads)
                    {
                        throw new UsageException($"--threads '{value}': expected a whole number from 1 to {PipelineParser.MaxThreads}.");
                    }

                    result = result with { Threads = threads };
                    break;
                case "model-memory-budget":
                    result = result with { ModelMemoryBudget = value };
                    break;
                default:
                    result = ScaleOutOptions.Apply(result, name, value);
                    break;
            }
        }

        if (command is "status" or "cancel")
        {
            if (command == "cancel" && pipeline is null)
            {
                throw new UsageException("'seco cancel' needs the id of the run to cancel.");
            }

            return result with { RunId = pipeline };
        }

        if (result.Quiet && result.Verbose)
        {
            throw new UsageException("--quiet and --verbose exclude each other.");
        }

        if (result.Upload && sets.Count > 0)
        {
            throw new UsageException("--set cannot be combined with --upload: put the values in the document.");
        }

        result = result with
        {
            PipelinePath = pipeline ?? result.PipelinePath,
            Sets = sets,
            Force = force,
            PluginDirectories = plugins,
            DataRoots = dataRoots,
        };
        ScaleOutOptions.Check(result);
        return result;
    }
}
