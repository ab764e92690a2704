using System.Text.Json;

namespace SeCo.Host.Running;

/// <summary>
/// Why a stage ran or was reused, in one line (<c>seco run --explain</c>, <c>run.json</c>, the daemon's run
/// detail): the parts of its <see cref="StageKey"/> that differ from the stage's previous manifest.
/// </summary>
internal static class CacheExplanation
{
    public const string Reused = "reused (key unchanged)";

    public const string FirstRun = "first run";

    public const string Forced = "re-ran: forced";

    public const string Resumed = "resumed: an earlier run with this key did not finish";

    public const string FormatChanged = "re-ran: cache format changed (the stage last ran under an older seco)";

    /// <summary>The one-line notice of a run that meets manifests of an older cache format.</summary>
    public const string FormatNotice = "Cache format changed: stages run once again.";

    private const int MaxValueLength = 40;
    private const int MaxOptionsNamed = 3;

    /// <summary>
    /// Why a stage whose key is <paramref name="current"/> ran, given the latest manifest of the same stage id
    /// (null when there is none).
    /// </summary>
    public static string Compare(StageKey current, JsonElement currentOptions, StageManifest? previous)
    {
        if (previous is null)
        {
            return FirstRun;
        }

        if (previous.Key is not { } before)
        {
            return FormatChanged;
        }

        var reasons = new List<string>();
        if (before.Use != current.Use)
        {
            reasons.Add($"stage type changed {before.Use} -> {current.Use}");
        }

        if (before.Plugin != current.Plugin || before.Version != current.Version)
        {
            reasons.Add($"plugin changed {before.Plugin} {before.Version} -> {current.Plugin} {current.Version}");
        }

        if (before.Options != current.Options)
        {
            reasons.Add(DescribeOptions(previous.Options, currentOptions));
        }

        foreach (var name in Names(before.Settings, current.Settings))
        {
            var (old, now) = (before.Settings.GetValueOrDefault(name), current.Settings.GetValueOrDefault(name));
            if (old != now)
            {
                reasons.Add(Changed(name, old, now));
            }
        }

        var changedCode = Names(before.Code, current.Code).Where(n => before.Code.GetValueOrDefault(n) != current.Code.GetValueOrDefault(n)).ToList();
        if (changedCode.Count > 0)
        {
            reasons.Add($"code of plugin {current.Plugin} changed ({string.Join(", ", changedCode.Select(n => n + ".dll"))})");
        }

        if (before.Torch != current.Torch)
        {
            reasons.Add(Changed("torch", before.Torch ?? "none", current.Torch ?? "none"));
        }

        if (before.External != current.External)
        {
            reasons.Add("the files it reads changed (external fingerprint)");
        }

        foreach (var port in Names(before.Inputs, current.Inputs))
        {
            var (old, now) = (before.Inputs.GetValueOrDefault(port), current.Inputs.GetValueOrDefault(port));
            if (old is null)
            {
                reasons.Add($"input {port} added ({now!.From})");
            }
            else if (now is null)
            {
                reasons.Add($"input {port} removed");
            }
            else if (old.SourcePort != now.SourcePort)
            {
                reasons.Add($"input {port} now {now.From} (was {old.From})");
            }
            else if (old.Fingerprint != now.Fingerprint)
            {
                reasons.Add($"input {port} changed ({now.SourceStage})");
            }
        }

        return reasons.Count == 0 ? "re-ran: key changed" : "re-ran: " + string.Join("; ", reasons);
    }

    private static IEnumerable<string> Names<T>(IReadOnlyDictionary<string, T> before, IReadOnlyDictionary<string, T> now) =>
        before.Keys.Union(now.Keys).Order(StringComparer.Ordinal);

    private static string Changed(string name, string? old, string? now) =>
        old is { Length: <= MaxValueLength } && now is { Length: <= MaxValueLength } ? $"{name} changed {old} -> {now}" : $"{name} changed";

    private static string Text(Dictionary<string, JsonElement> options, string name) =>
        options.TryGetValue(name, out var value) ? JsonSerializer.Serialize(value) : "absent";

    /// <summary>Names the top-level options that differ, with their values when short.</summary>
    private static string DescribeOptions(JsonElement before, JsonElement now)
    {
        if (before.ValueKind != JsonValueKind.Object || now.ValueKind != JsonValueKind.Object)
        {
            return "options changed";
        }

        var old = before.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var current = now.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var changed = Names(old, current)
            .Where(n => !(old.TryGetValue(n, out var a) && current.TryGetValue(n, out var b) && JsonElement.DeepEquals(a, b)))
            .ToList();
        if (changed.Count == 0)
        {
            return "options changed";
        }

        var named = changed.Take(MaxOptionsNamed).Select(n => Changed("option " + n, Text(old, n), Text(current, n)));
        return string.Join("; ", named) + (changed.Count > MaxOptionsNamed ? $"; {changed.Count - MaxOptionsNamed} more options changed" : "");
    }
}
