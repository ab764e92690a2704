using System.Globalization;

namespace SeCo.Bench.Daemon;

/// <summary>What the load test does: how many runs, how many concurrent streams, how big each run is.</summary>
internal sealed record LoadTestOptions
{
    /// <summary>Submissions in total.</summary>
    public int Runs { get; init; } = 200;

    /// <summary>Clients working at once; each submits a run, follows its event stream to the end, and submits the next.</summary>
    public int Streams { get; init; } = 20;

    /// <summary>The daemon's <c>--max-concurrent-runs</c>.</summary>
    public int MaxConcurrentRuns { get; init; } = 1;

    /// <summary>Item files each run writes (the fixture stage's <c>count</c>).</summary>
    public int Items { get; init; } = 3;

    /// <summary>The repository root (to find artifacts/seco/seco and the fixture plugin).</summary>
    public required string RepositoryRoot { get; init; }

    public static LoadTestOptions Parse(string[] args)
    {
        var options = new LoadTestOptions { RepositoryRoot = FindRepositoryRoot() };
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--runs" => options with { Runs = Positive(args[i], value) },
                "--streams" => options with { Streams = Positive(args[i], value) },
                "--max-concurrent-runs" => options with { MaxConcurrentRuns = Positive(args[i], value) },
                "--items" => options with { Items = Positive(args[i], value) },
                "--repo" => options with { RepositoryRoot = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; expected --runs, --streams, --max-concurrent-runs, --items or --repo."),
            };
            i++;
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} '{value}': expected a positive whole number.");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SeCo.Host.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SeCo.Host.sln not found above the load test; pass --repo.");
    }
}
