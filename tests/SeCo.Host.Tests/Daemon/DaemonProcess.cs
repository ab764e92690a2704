using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SeCo.Host.Tests.Cli;

namespace SeCo.Host.Tests.Daemon;

/// <summary>
/// A real <c>seco serve</c> process on a free loopback port, with the Slow fixture plugin and a state
/// directory that outlives the process (so a test can kill it and start another on the same state).
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>A client for the daemon's loopback address.</summary>
    public HttpClient Client { get; }

    /// <summary>What the daemon printed so far (for assertion messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Process Process => _process;

    /// <summary>Starts <c>seco serve</c> with extra arguments and waits until <c>/readyz</c> answers.</summary>
    public static async Task<DaemonProcess> StartAsync(string stateDirectory, string pluginsDirectory, params string[] extra)
    {
        var port = FreePort();
        var daemon = new DaemonProcess(Launch(["serve", "--urls", $"http://127.0.0.1:{port}", "--state-dir", stateDirectory, "--plugins", pluginsDirectory, .. extra]), port);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (daemon._process.HasExited)
            {
                throw new InvalidOperationException($"seco serve exited with {daemon._process.ExitCode}:\n{daemon.Output}");
            }

            try
            {
                using var ready = await daemon.Client.GetAsync("readyz");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return daemon;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                await daemon.DisposeAsync();
                throw new TimeoutException($"seco serve did not become ready:\n{daemon.Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Starts <c>seco</c> with the given arguments and the environment additions, without waiting.</summary>
    public static Process Launch(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        File.Exists(SlowFixturePlugins.Seco).Should().BeTrue($"the seco executable is built at {SlowFixturePlugins.Seco}");
        var info = new ProcessStartInfo(SlowFixturePlugins.Seco) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("SECO_TOKEN");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Submits a pipeline document and returns the run id (the answer must be 202).</summary>
    public async Task<string> SubmitAsync(string document)
    {
        using var response = await Client.PostAsync("v1/runs", new StringContent(document, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> GetRunAsync(string id) => await Client.GetFromJsonAsync<JsonElement>($"v1/runs/{id}");

    /// <summary>Polls the run until it reaches one of <paramref name="states"/>.</summary>
    public async Task<JsonElement> WaitForStateAsync(string id, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var run = await GetRunAsync(id);
            if (states.Contains(run.GetProperty("state").GetString()))
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Run {id} did not reach {string.Join("/", states)}: {run}\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Polls until stage <paramref name="stageIndex"/> of run <paramref name="id"/> is in one of
    /// <paramref name="states"/>. A run turns "running" before its first stage starts, so a test
    /// that needs a stage under way waits for the stage, not the run.
    /// </summary>
    public async Task<JsonElement> WaitForStageStateAsync(string id, int stageIndex, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var run = await GetRunAsync(id);
            var stages = run.GetProperty("stages");
            if (stages.GetArrayLength() > stageIndex && states.Contains(stages[stageIndex].GetProperty("state").GetString()))
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Stage {stageIndex} of run {id} did not reach {string.Join("/", states)}: {run}\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the process at once (SIGKILL) and waits for it.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
