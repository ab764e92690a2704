using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using SeCo.Testing;

namespace SeCo.Host.Tests.Docs;

/// <summary>
/// Runs README shell lines the way a user pastes them, from the repository root, one bash process per line in
/// README order, but in a sandbox: <c>HOME</c> is a temporary folder (so <c>./seco.sh install</c> installs there and
/// its <c>~/.local/bin</c> comes first on the PATH), <c>SECO_SKIP_BUILD=1</c> (the test run built seco), and a few
/// documented stand-ins (<see cref="s_standIns"/>) keep every line fast and inside the sandbox.
/// </summary>
internal sealed partial class ReadmeSandbox : IAsyncDisposable
{
    private const string Sandbox = "\u0001S";
    private const string DaemonUrl = "\u0001U";
    private static readonly TimeSpan s_lineTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_serverTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// What changes in a line before it runs, in order (the line's trailing <c># comment</c> is dropped first):
    /// <c>pipeline.json</c> is the small <c>readme-pipeline.json</c> (name "demo", 2 images, PSA with Felzenszwalb,
    /// two evaluations: seconds instead of the demo's minutes), <c>runs/</c> and <c>/tmp/</c> lie in the sandbox,
    /// <c>./seco.sh docs</c> writes copies in the sandbox instead of the checked-in files, and the daemon listens on
    /// a free port with its state in the sandbox (the client commands are pointed at it).
    /// </summary>
    private static readonly (Regex Pattern, string Replacement)[] s_standIns =
    [
        (new Regex(@"^\./seco\.sh run\s*$"), "./seco.sh run pipeline.json"),
        (new Regex(@"^\./seco\.sh docs\b.*$"), $"cp docs/pipeline.md {Sandbox}/pipeline.md && ./seco.sh docs --out {Sandbox}/pipeline.md --schema-out {Sandbox}/pipeline.schema.json"),
        (new Regex(@"^seco serve\b"), $"seco serve --urls {DaemonUrl} --state-dir {Sandbox}/state"),
        (new Regex(@"\bseco (submit|status|cancel)\b"), $"seco $1 --url {DaemonUrl}"),
        (new Regex(@"(?<![\w./-])pipeline\.json\b"), $"{Sandbox}/pipeline.json"),
        (new Regex(@"(?<![\w./-])runs/"), $"{Sandbox}/runs/"),
        (new Regex(@"(?<![\w.-])/tmp/"), $"{Sandbox}/tmp/"),
    ];

    private readonly TempDirectory _directory = new("seco-readme");
    private readonly string _url;
    private readonly int _port;
    private readonly List<Process> _servers = [];

    public ReadmeSandbox()
    {
        Directory.CreateDirectory(_directory.File("home"));
        Directory.CreateDirectory(_directory.File("tmp"));
        File.Copy(Path.Combine(RepositoryRoot, "tests", "SeCo.Host.Tests", "Docs", "readme-pipeline.json"), _directory.File("pipeline.json"));
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            _port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        _url = $"http://127.0.0.1:{_port}";
    }

    public static string RepositoryRoot => GoldenData.RepositoryRoot;

    /// <summary>The command that runs for <paramref name="line"/>: comment dropped, stand-ins applied.</summary>
    public string Prepare(string line)
    {
        var command = TrailingComment().Replace(line, "").Trim();
        foreach (var (pattern, replacement) in s_standIns)
        {
            command = pattern.Replace(command, replacement);
        }

        return command.Replace(Sandbox, _directory.Path, StringComparison.Ordinal).Replace(DaemonUrl, _url, StringComparison.Ordinal);
    }

    /// <summary>Runs one prepared command; a command ending in <c>&amp;</c> is a server: started, and awaited until it listens.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string command)
    {
        var background = command.EndsWith('&');
        var process = Start(background ? "exec " + command[..^1].TrimEnd() : command);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (background)
        {
            _servers.Add(process);
            return (await ListeningAsync(process) ? 0 : -1, output.ToString());
        }

        using var timeout = new CancellationTokenSource(s_lineTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Append(output, $"(killed after {s_lineTimeout.TotalMinutes} minutes)");
            return (-1, output.ToString());
        }

        process.WaitForExit();
        var code = process.ExitCode;
        process.Dispose();
        return (code, output.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }

            server.Dispose();
        }

        _directory.Dispose();
    }

    private Process Start(string command)
    {
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-eo");
        info.ArgumentList.Add("pipefail");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        var home = _directory.File("home");
        info.Environment["HOME"] = home;
        info.Environment["PATH"] = $"{Path.Combine(home, ".local", "bin")}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        info.Environment["SECO_SKIP_BUILD"] = "1";
        info.Environment["DOTNET_CLI_HOME"] = home;
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        return process;
    }

    private async Task<bool> ListeningAsync(Process server)
    {
        var deadline = DateTime.UtcNow + s_serverTimeout;
        while (DateTime.UtcNow < deadline && !server.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, _port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }

        return false;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    [GeneratedRegex(@"(^|\s+)#(\s.*)?$")]
    private static partial Regex TrailingComment();
}
