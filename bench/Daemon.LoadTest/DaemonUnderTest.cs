using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SeCo.Bench.Daemon;

/// <summary>A <c>seco serve</c> process on a free loopback port with a fresh state directory; samples its resident memory.</summary>
internal sealed class DaemonUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _stateDirectory;
    private readonly CancellationTokenSource _sampling = new();
    private readonly Task _sampler;
    private long _peakRssBytes;

    private DaemonUnderTest(Process process, string stateDirectory, int port)
    {
        _process = process;
        _stateDirectory = stateDirectory;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(5) };
        _sampler = SampleAsync(_sampling.Token);
    }

    public HttpClient Client { get; }

    /// <summary>The highest resident set size sampled (every 100 ms), in bytes.</summary>
    public long PeakRssBytes => Interlocked.Read(ref _peakRssBytes);

    /// <summary>The resident set size now, in bytes.</summary>
    public long RssBytes => ReadRss();

    public static async Task<DaemonUnderTest> StartAsync(LoadTestOptions options)
    {
        var seco = Path.Combine(options.RepositoryRoot, "artifacts", "seco", "seco");
        var plugins = Path.Combine(options.RepositoryRoot, "artifacts", "test-plugins");
        if (!File.Exists(seco) || !Directory.Exists(Path.Combine(plugins, "SeCo.Fixtures.Slow")))
        {
            throw new InvalidOperationException($"Build first: {seco} and {plugins}/SeCo.Fixtures.Slow are needed (dotnet build bench/Daemon.LoadTest builds both).");
        }

        // Only the Slow fixture: artifacts/test-plugins also holds deliberately broken plugins.
        var state = Directory.CreateTempSubdirectory("seco-loadtest-").FullName;
        var pluginFolder = Directory.CreateDirectory(Path.Combine(state, "plugins", "SeCo.Fixtures.Slow")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(plugins, "SeCo.Fixtures.Slow")))
        {
            File.Copy(file, Path.Combine(pluginFolder, Path.GetFileName(file)));
        }

        var port = FreePort();
        var info = new ProcessStartInfo(seco) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "serve", "--urls", $"http://127.0.0.1:{port}", "--state-dir", Path.Combine(state, "state"),
                     "--plugins", Path.Combine(state, "plugins"), "--max-concurrent-runs", options.MaxConcurrentRuns.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("SECO_TOKEN");
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new DaemonUnderTest(process, state, port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var ready = await daemon.Client.GetAsync("readyz");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return daemon;
                }
            }
            catch (HttpRequestException) when (!process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(120))
            {
                // Not listening yet.
            }

            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(120))
            {
                await daemon.DisposeAsync();
                throw new InvalidOperationException("seco serve did not become ready.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sampling.CancelAsync();
        await _sampler;
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _sampling.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var rss = ReadRss();
                if (rss > Interlocked.Read(ref _peakRssBytes))
                {
                    Interlocked.Exchange(ref _peakRssBytes, rss);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Sampling stops with the test.
        }
    }

    /// <summary>VmRSS from /proc (0 once the process is gone).</summary>
    private long ReadRss()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process ended between the check and the read.
        }

        return 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
