using System.Net;
using System.Net.Http.Headers;
using SeCo.Host.Cli;
using SeCo.Host.Tests.Cli;
using SeCo.Testing;

namespace SeCo.Host.Tests.Daemon;

/// <summary>The daemon's bind rules: loopback needs no token; any other address needs one, and then every API call must carry it.</summary>
public sealed class DaemonSecurityTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-daemon-security");
    private readonly SlowFixturePlugins _plugins = new();

    public void Dispose()
    {
        _plugins.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Non_loopback_bind_without_a_token_refuses_to_start()
    {
        using var process = DaemonProcess.Launch(["serve", "--urls", $"http://0.0.0.0:{DaemonProcess.FreePort()}", "--state-dir", _directory.File("state"), "--plugins", _plugins.Path]);
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(ExitCodes.InvalidUsage);
        (await error).Should().Contain("Refusing to listen").And.Contain("SECO_TOKEN");
    }

    [Fact]
    public async Task Non_loopback_bind_with_a_token_file_requires_the_bearer_token_on_the_api()
    {
        var tokenFile = _directory.File("token");
        File.WriteAllText(tokenFile, "s3cret-token\n");
        var port = DaemonProcess.FreePort();
        using var process = DaemonProcess.Launch(["serve", "--urls", $"http://0.0.0.0:{port}", "--state-dir", _directory.File("state"), "--plugins", _plugins.Path, "--token-file", tokenFile]);
        process.StandardOutput.ReadToEndAsync().GetAwaiter();
        process.StandardError.ReadToEndAsync().GetAwaiter();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    using var health = await client.GetAsync("healthz");
                    if (health.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Delay(50);
                }
            }

            (await client.GetAsync("v1/runs")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
            (await client.GetAsync("v1/runs")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token");
            (await client.GetAsync("v1/runs")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Request_body_over_the_limit_is_refused()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory.File("state"), _plugins.Path);
        var huge = "{\"name\": \"" + new string('x', 2 * 1024 * 1024) + "\", \"stages\": []}";

        using var response = await daemon.Client.PostAsync("v1/runs", new StringContent(huge));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }
}
