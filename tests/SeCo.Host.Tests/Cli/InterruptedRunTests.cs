using System.Diagnostics;
using SeCo.Host.Running;
using SeCo.Sdk.IO;
using SeCo.Testing;

namespace SeCo.Host.Tests.Cli;

/// <summary>Starts the real <c>seco</c> executable and interrupts it mid-stage: killed (the next run resumes) or signalled (it stops cleanly).</summary>
public sealed class InterruptedRunTests : IDisposable
{
    private const int ItemCount = 16;
    private readonly TempDirectory _directory = new("seco-resume");
    private readonly SlowFixturePlugins _plugins = new();

    public void Dispose()
    {
        _plugins.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Run_killed_mid_stage_resumes_without_redoing_finished_items()
    {
        var pipeline = _directory.File("pipeline.json");
        File.WriteAllText(pipeline, $$"""
            {
              "name": "resume",
              "device": "cpu",
              "stages": [
                { "id": "slow", "use": "fixtures.slow", "with": { "count": {{ItemCount}}, "delayMs": 300, "itemBytes": 2000000 } },
                { "id": "total", "use": "fixtures.total", "in": { "items": "slow.items" } }
              ]
            }
            """);
        var workspace = _directory.File("runs", "resume");

        using (var first = Start(pipeline))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Items(workspace).Count < 3)
            {
                if (first.HasExited)
                {
                    Assert.Fail($"The first run ended (exit {first.ExitCode}) before it could be killed:\n{await first.StandardError.ReadToEndAsync()}");
                }

                DateTime.UtcNow.Should().BeBefore(deadline, "items should appear");
                await Task.Delay(25);
            }

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        var before = Items(workspace);
        before.Count.Should().BeInRange(3, ItemCount - 1);
        Directory.EnumerateFiles(workspace, ManifestStore.FileName, SearchOption.AllDirectories).Should().BeEmpty();
        var firstWriter = before.ToDictionary(f => f, FirstLine);
        var writeTimes = before.ToDictionary(f => f, File.GetLastWriteTimeUtc);

        using (var second = Start(pipeline))
        {
            var output = second.StandardOutput.ReadToEndAsync();
            var error = second.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await second.WaitForExitAsync(timeout.Token);
            second.ExitCode.Should().Be(0, await output + await error);
        }

        var after = Items(workspace);
        after.Should().HaveCount(ItemCount);
        foreach (var item in before)
        {
            FirstLine(item).Should().Be(firstWriter[item], $"{Path.GetFileName(item)} was finished before the kill");
            File.GetLastWriteTimeUtc(item).Should().Be(writeTimes[item]);
        }

        after.Except(before).Should().OnlyContain(item => FirstLine(item) != firstWriter[before[0]], "the rest was written by the second run");
        Directory.EnumerateFiles(workspace, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains(AtomicFile.TempMarker, StringComparison.Ordinal))
            .Should().BeEmpty();
        var slowFolder = Path.GetDirectoryName(after[0])!;
        File.Exists(Path.Combine(slowFolder, ManifestStore.FileName)).Should().BeTrue();
        Directory.EnumerateFiles(workspace, ManifestStore.FileName, SearchOption.AllDirectories).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Signal_stops_the_run_between_items_with_exit_130_and_no_manifest(string signal)
    {
        var pipeline = _directory.File("pipeline.json");
        File.WriteAllText(pipeline, $$"""
            { "name": "signal", "device": "cpu", "stages": [
              { "id": "slow", "use": "fixtures.slow", "with": { "count": {{ItemCount}}, "delayMs": 300 } } ] }
            """);
        var workspace = _directory.File("runs", "signal");
        using var run = Start(pipeline);
        var output = run.StandardOutput.ReadToEndAsync();
        var error = run.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Items(workspace).Count < 2)
        {
            run.HasExited.Should().BeFalse();
            DateTime.UtcNow.Should().BeBefore(deadline, "items should appear");
            await Task.Delay(25);
        }

        using (var kill = Process.Start("kill", ["-s", signal, run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await run.WaitForExitAsync(timeout.Token);

        run.ExitCode.Should().Be(130, await output + await error);
        Items(workspace).Count.Should().BeLessThan(ItemCount);
        Directory.EnumerateFiles(workspace, ManifestStore.FileName, SearchOption.AllDirectories).Should().BeEmpty();
        File.ReadAllText(Path.Combine(workspace, RunSummary.FileName)).Should().Contain("\"cancelled\"");
    }

    private Process Start(string pipeline)
    {
        File.Exists(SlowFixturePlugins.Seco).Should().BeTrue($"the seco executable is built at {SlowFixturePlugins.Seco}");
        // A runner that starts the tests as a background job of a non-interactive shell (`./.ci/run &`) hands them
        // SIGINT ignored, and an ignored signal stays ignored across exec (nohup semantics, which the host keeps).
        // Then the child gets the default disposition back through coreutils env (which execs, keeping the pid), so
        // the test checks the host's handling rather than how the runner was started.
        var info = new ProcessStartInfo(InheritsIgnoredStopSignals() ? "env" : SlowFixturePlugins.Seco)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(pipeline)!,
        };
        if (info.FileName == "env")
        {
            info.ArgumentList.Add("--default-signal=INT,TERM");
            info.ArgumentList.Add(SlowFixturePlugins.Seco);
        }

        foreach (var argument in new[] { "run", pipeline, "--plugins", _plugins.Path })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }

    private static bool InheritsIgnoredStopSignals()
    {
        // SigIgn is a hex mask with bit (signal − 1) set for each ignored signal: SIGINT = 2, SIGTERM = 15.
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (mask & ((1UL << 1) | (1UL << 14))) != 0;
    }

    private static List<string> Items(string workspace) =>
        Directory.Exists(workspace)
            ? Directory.EnumerateFiles(workspace, "item-*.txt", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).Contains(AtomicFile.TempMarker, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList()
            : [];

    private static string FirstLine(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine()!;
    }
}
