using System.Globalization;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Cli;

/// <summary>Parses the scale-out options of <c>seco run</c> (<c>--only</c>, <c>--shard</c>), <c>seco slurm</c> and <c>seco k8s</c>.</summary>
internal static class ScaleOutOptions
{
    /// <summary>The most shards a stage may be split into (Slurm's default MaxArraySize is 1001).</summary>
    public const int MaxShards = 1000;

    public static CommandLine Apply(CommandLine result, string name, string value)
    {
        switch (name)
        {
            case "only":
                if (result.Only is not null)
                {
                    throw new UsageException("--only may be given once.");
                }

                return result with { Only = value };
            case "shard":
                try
                {
                    return result with { Shard = ShardSpec.Parse(value) };
                }
                catch (FormatException ex)
                {
                    throw new UsageException($"--shard: {ex.Message}");
                }

            case "partition":
                return result with { Partition = value };
            case "image":
                return result with { Image = value };
            case "array-size" or "parallelism":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var shards) || shards < 1 || shards > MaxShards)
                {
                    throw new UsageException($"--{name} '{value}': expected a whole number from 1 to {MaxShards}.");
                }

                return result with { Shards = shards };
            default:
                throw new UsageException($"'seco {result.Command}' has no option '--{name}'.");
        }
    }

    /// <summary>Checks what the parser cannot check option by option.</summary>
    public static void Check(CommandLine commandLine)
    {
        if (commandLine.Command != "run")
        {
            return;
        }

        if (commandLine.Shard is not null && commandLine.Only is null)
        {
            throw new UsageException("--shard needs --only STAGE: a shard belongs to one stage.");
        }

        if (commandLine.Only is not null && (commandLine.Force.Count > 0 || commandLine.From is not null))
        {
            throw new UsageException("--only cannot be combined with --force or --from.");
        }
    }
}
