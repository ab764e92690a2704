using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using SeCo.Host.Cli;
using SeCo.Host.Tests.Cli;
using SeCo.Testing;

namespace SeCo.Host.Tests.Daemon;

/// <summary>
/// The daemon cannot be doubled, exposed or crash-looped: one daemon per state folder, configuration-defined
/// endpoints obey the token rule, bind failures are one line, a run interrupted too often fails, and the
/// bearer scheme is matched case-insensitively.
/// </summary>
public sealed class DaemonHardeningTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-daemon-hardening");
    private readonly SlowFixturePlugins _plugins = new();

    public void Dispose()
    {
        _plugins.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Second_daemon_on_the_same_state_folder_exits_2_with_a_clear_message()
    {
        var state = _directory.File("state");
        await using var first = await DaemonProcess.StartAsync(state, _plugins.Path);

        var (exitCode, error) = await RunToExitAsync(["serve", "--urls", $"http://127.0.0.1:{DaemonProcess.FreePort()}", "--state-dir", state, "--plugins", _plugins.Path]);

        exitCode.Should().Be(ExitCodes.InvalidUsage);
        error.Should().Contain("Another seco daemon is using the state folder").And.NotContain("   at ");
        (await first.Client.GetAsync("readyz")).StatusCode.Should().Be(HttpStatusCode.OK, "the first daemon keeps running");
    }

    [Fact]
    public async Task Kestrel_endpoint_in_appsettings_without_a_token_refuses_to_start()
    {
        var state = Directory.CreateDirectory(_directory.File("state")).FullName;
        var port = DaemonProcess.FreePort();
        File.WriteAllText(Path.Combine(state, "appsettings.json"), $$"""{ "Kestrel": { "Endpoints": { "Open": { "Url": "http://0.0.0.0:{{port}}" } } } }""");

        var (exitCode, error) = await RunToExitAsync(["serve", "--urls", $"http://127.0.0.1:{DaemonProcess.FreePort()}", "--state-dir", state, "--plugins", _plugins.Path]);

        exitCode.Should().Be(ExitCodes.InvalidUsage);
        error.Should().Contain("Refusing to listen on http://0.0.0.0:" + port).And.Contain("SECO_TOKEN");
    }

    [Fact]
    public async Task Kestrel_endpoint_from_the_environment_without_a_token_refuses_to_start()
    {
        var port = DaemonProcess.FreePort();
        var environment = new Dictionary<string, string> { ["Kestrel__Endpoints__Open__Url"] = $"http://0.0.0.0:{port}" };

        var (exitCode, error) = await RunToExitAsync(
            ["serve", "--urls", $"http://127.0.0.1:{DaemonProcess.FreePort()}", "--state-dir", _directory.File("state"), "--plugins", _plugins.Path], environment);

        exitCode.Should().Be(ExitCodes.InvalidUsage);
        error.Should().Contain("Refusing to listen on http://0.0.0.0:" + port);
    }

    [Fact]
    public async Task Port_in_use_is_one_line_and_exit_2()
    {
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;

        var (exitCode, error) = await RunToExitAsync(["serve", "--urls", $"http://127.0.0.1:{port}", "--state-dir", _directory.File("state"), "--plugins", _plugins.Path]);

        exitCode.Should().Be(ExitCodes.InvalidUsage);
        error.Should().Contain("Cannot listen on").And.NotContain("   at ");
    }

    [Fact]
    public async Task Bearer_scheme_is_matched_case_insensitively()
    {
        var tokenFile = _directory.File("token");
        File.WriteAllText(tokenFile, "s3cret\n");
        var port = DaemonProcess.FreePort();
        using var process = DaemonProcess.Launch(["serve", "--urls", $"http://127.0.0.1:{port}", "--state-dir", _directory.File("state"), "--plugins", _plugins.Path, "--token-file", tokenFile]);
        process.StandardOutput.ReadToEndAsync().GetAwaiter();
        process.StandardError.ReadToEndAsync().GetAwaiter();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await WaitForHealthAsync(client, process);

            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "bearer s3cret");
            (await client.GetAsync("v1/runs")).StatusCode.Should().Be(HttpStatusCode.OK);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("BEARER", "s3cret");
            (await client.GetAsync("v1/runs")).StatusCode.Should().Be(HttpStatusCode.OK);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "s3cret");
            (await client.GetAsync("v1/runs")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Run_interrupted_more_often_than_allowed_fails_with_the_reason_instead_of_being_resumed()
    {
        var state = _directory.File("state");
        string id;
        await using (var first = await DaemonProcess.StartAsync(state, _plugins.Path, "--max-attempts", "1"))
        {
            id = await first.SubmitAsync("""
                { "name": "crashy", "device": "cpu", "stages": [
                  { "id": "slow", "use": "fixtures.slow", "with": { "count": 40, "delayMs": 200, "itemBytes": 16 } } ] }
                """);
            await first.WaitForStageStateAsync(id, 0, "running");
            await first.KillAsync();
        }

        await using var second = await DaemonProcess.StartAsync(state, _plugins.Path, "--max-attempts", "1");
        var run = await second.WaitForStateAsync(id, "failed", "succeeded", "running");

        run.GetProperty("state").GetString().Should().Be("failed", second.Output);
        run.GetProperty("error").GetString().Should().Contain("interrupted 1 times");
        var events = await ServerSentEvent.ReadAllAsync(second.Client, id);
        events.Select(e => e.Type).Should().ContainInOrder("run.started", "run.interrupted", "run.finished");
        events.Count(e => e.Type == "run.started").Should().Be(1, "the run is not started again");
    }

    [Fact]
    public async Task Restart_after_a_crash_emits_run_interrupted_before_the_run_resumes()
    {
        var state = _directory.File("state");
        string id;
        await using (var first = await DaemonProcess.StartAsync(state, _plugins.Path))
        {
            id = await first.SubmitAsync("""
                { "name": "resumed", "device": "cpu", "stages": [
                  { "id": "slow", "use": "fixtures.slow", "with": { "count": 20, "delayMs": 100, "itemBytes": 16 } } ] }
                """);
            await first.WaitForStageStateAsync(id, 0, "running");
            await first.KillAsync();
        }

        await using var second = await DaemonProcess.StartAsync(state, _plugins.Path);
        await second.WaitForStateAsync(id, "succeeded", "failed");

        var events = await ServerSentEvent.ReadAllAsync(second.Client, id);
        events.Select(e => e.Type).Should().ContainInOrder("run.started", "run.interrupted", "run.started", "run.finished");
    }

    private static async Task WaitForHealthAsync(HttpClient client, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var health = await client.GetAsync("healthz");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    private static async Task<(int ExitCode, string Error)> RunToExitAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = DaemonProcess.Launch(args, environment);
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEndAsync().GetAwaiter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await error);
    }
}
