using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SeCo.Testing;

namespace SeCo.Host.Tests.Reporting;

/// <summary>
/// A headless Chromium driven over the Chrome DevTools Protocol (a WebSocket to the page target): loads a page,
/// collects console errors and uncaught exceptions, evaluates JavaScript and takes full-page screenshots.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Names Chromium goes by on Debian, Ubuntu and elsewhere, tried in order on the PATH.</summary>
    private static readonly string[] s_executables = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly ClientWebSocket _socket;
    private readonly StringBuilder _stderr;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;

    private HeadlessChromium(Process process, TempDirectory profile, ClientWebSocket socket, StringBuilder stderr)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
        _stderr = stderr;
        _receiver = Task.Run(ReceiveAsync);
    }

    /// <summary>Console errors, failed resource loads and uncaught exceptions seen so far.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>The Chromium executable: <c>SECO_CHROMIUM</c>, else the first of chromium, chromium-browser, google-chrome on the PATH.</summary>
    /// <exception cref="InvalidOperationException">None is installed; the message says how to install it.</exception>
    public static string FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("SECO_CHROMIUM") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in s_executables)
        {
            foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "Chromium is not installed, and the report's browser test needs it. Install Debian's package: " +
            "`sudo apt-get install -y chromium` (Ubuntu: chromium-browser), or point SECO_CHROMIUM at a Chrome/Chromium binary. " +
            ".ci/run installs it on CI machines.");
    }

    /// <summary>Starts Chromium on about:blank and attaches to its page.</summary>
    public static async Task<HeadlessChromium> StartAsync(int width = 1400, int height = 900)
    {
        var executable = FindExecutable();
        var profile = new TempDirectory("seco-chromium");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
            "--remote-debugging-port=0", $"--user-data-dir={profile.Path}", $"--window-size={width},{height}", "about:blank",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var stderr = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start.");
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var port = await DevToolsPortAsync(profile.Path, process, stderr);
            using var http = new HttpClient { Timeout = s_timeout };
            var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")))!.AsArray();
            var page = targets.FirstOrDefault(t => (string?)t!["type"] == "page")
                ?? throw new InvalidOperationException($"Chromium lists no page target: {targets.ToJsonString()}");
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            using var connect = new CancellationTokenSource(s_timeout);
            await socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), connect.Token);
            var browser = new HeadlessChromium(process, profile, socket, stderr);
            await browser.SendAsync("Page.enable");
            await browser.SendAsync("Runtime.enable");
            await browser.SendAsync("Log.enable");
            return browser;
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            profile.Dispose();
            throw;
        }
    }

    /// <summary>Navigates to <paramref name="url"/> and waits for the load event (every image decoded or failed).</summary>
    public async Task LoadAsync(string url)
    {
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        if (result.TryGetProperty("errorText", out var error))
        {
            throw new InvalidOperationException($"Chromium could not open {url}: {error.GetString()}");
        }

        await _loaded.Task.WaitAsync(s_timeout);
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"The expression threw: {exception}");
        }

        return result.GetProperty("result").GetProperty("value").Clone();
    }

    /// <summary>Saves a PNG of the whole page (not just the window) to <paramref name="path"/>.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var metrics = await SendAsync("Page.getLayoutMetrics");
        var size = metrics.GetProperty("cssContentSize");
        var clip = new JsonObject
        {
            ["x"] = 0,
            ["y"] = 0,
            ["width"] = Math.Ceiling(size.GetProperty("width").GetDouble()),
            ["height"] = Math.Min(16000, Math.Ceiling(size.GetProperty("height").GetDouble())),
            ["scale"] = 1,
        };
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true, ["clip"] = clip });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot.GetProperty("data").GetString()!));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await SendAsync("Browser.close").WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception ex) when (ex is TimeoutException or WebSocketException or InvalidOperationException or OperationCanceledException)
        {
            // The process is killed below either way.
        }

        await _stop.CancelAsync();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill(entireProcessTree: true);
        }

        try
        {
            await _receiver;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The receiver stops when the socket closes or the stop token fires.
        }

        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        _profile.Dispose();
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var response = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        using var send = new CancellationTokenSource(s_timeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, send.Token);
        return await response.Task.WaitAsync(s_timeout);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
        {
            var result = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            using (var document = JsonDocument.Parse(message.ToArray()))
            {
                Dispatch(document.RootElement);
            }

            message.SetLength(0);
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException($"Chromium closed the DevTools connection. Its stderr:\n{StandardError()}"));
        }
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var pending))
        {
            if (message.TryGetProperty("error", out var error))
            {
                pending.TrySetException(new InvalidOperationException($"DevTools error: {error}"));
            }
            else
            {
                pending.TrySetResult(message.GetProperty("result").Clone());
            }

            return;
        }

        if (!message.TryGetProperty("method", out var method))
        {
            return;
        }

        var parameters = message.TryGetProperty("params", out var p) ? p : default;
        switch (method.GetString())
        {
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            case "Runtime.exceptionThrown":
                _errors.Enqueue($"uncaught exception: {parameters.GetProperty("exceptionDetails")}");
                break;
            case "Runtime.consoleAPICalled" when parameters.GetProperty("type").GetString() is "error" or "assert":
                _errors.Enqueue($"console.{parameters.GetProperty("type").GetString()}: {parameters.GetProperty("args")}");
                break;
            case "Log.entryAdded" when parameters.GetProperty("entry").GetProperty("level").GetString() == "error":
                _errors.Enqueue($"log error: {parameters.GetProperty("entry").GetProperty("text").GetString()} ({parameters.GetProperty("entry")})");
                break;
        }
    }

    private static async Task<int> DevToolsPortAsync(string profile, Process process, StringBuilder stderr)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < s_timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before opening DevTools. Its stderr:\n{Locked(stderr)}");
            }

            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file);
                if (lines.Length >= 2 && int.TryParse(lines[0], out var port))
                {
                    return port;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Chromium wrote no {file} within {s_timeout.TotalSeconds} s. Its stderr:\n{Locked(stderr)}");
    }

    private string StandardError() => Locked(_stderr);

    private static string Locked(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
