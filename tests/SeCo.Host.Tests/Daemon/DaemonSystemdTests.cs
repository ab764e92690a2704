using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SeCo.Host.Tests.Cli;
using SeCo.Testing;

namespace SeCo.Host.Tests.Daemon;

/// <summary>
/// The daemon under systemd: <c>Type=notify</c> readiness over <c>NOTIFY_SOCKET</c>, journald log
/// levels, and the shipped unit file.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DaemonSystemdTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-systemd");
    private readonly SlowFixturePlugins _plugins = new();

    public void Dispose()
    {
        _plugins.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Daemon_started_by_systemd_notifies_ready_once_listening_and_stopping_on_SIGTERM()
    {
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(_directory.File("notify.sock")));

        // Microsoft.Extensions.Hosting.Systemd recognises systemd by the parent's process name, so a script
        // called "systemd" starts seco as its child, the way the service manager would.
        var manager = _directory.File("systemd");
        File.WriteAllText(manager, "#!/bin/sh\n\"$@\"\nstatus=$?\nexit $status\n");
        File.SetUnixFileMode(manager, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var port = DaemonProcess.FreePort();
        var info = new ProcessStartInfo(manager) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { SlowFixturePlugins.Seco, "serve", "--urls", $"http://127.0.0.1:{port}", "--state-dir", _directory.File("state"), "--plugins", _plugins.Path })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NOTIFY_SOCKET"] = _directory.File("notify.sock");
        info.Environment.Remove("SECO_TOKEN");
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            (await ReceiveAsync(notify, TimeSpan.FromSeconds(90))).Should().Be("READY=1");
            using (var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") })
            {
                var health = await client.GetAsync("healthz");
                health.StatusCode.Should().Be(HttpStatusCode.OK, "READY=1 is sent only once Kestrel listens");
            }

            var daemonPid = ChildOf(process.Id);
            using (var kill = Process.Start("kill", ["-TERM", daemonPid.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            (await ReceiveAsync(notify, TimeSpan.FromSeconds(30))).Should().Be("STOPPING=1");
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            process.ExitCode.Should().Be(0, output.ToString());
            lock (output)
            {
                // The systemd console format: a syslog priority prefix journald turns into the entry's level.
                output.ToString().Should().Contain("<6>SeCo.Host.Daemon.RunScheduler");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public void Unit_file_is_a_notify_service_with_hardening_restart_and_a_long_stop_timeout()
    {
        var unitPath = Path.Combine(GoldenData.RepositoryRoot, "deploy", "seco.service");
        var unit = UnitFile.Parse(File.ReadAllText(unitPath));

        unit["Service"]["Type"].Should().Be("notify");
        unit["Service"]["ExecStart"].Should().StartWith("/opt/seco/seco serve ");
        unit["Service"]["EnvironmentFile"].Should().NotBeNullOrEmpty();
        unit["Service"]["DynamicUser"].Should().Be("yes");
        unit["Service"]["ProtectSystem"].Should().Be("strict");
        unit["Service"]["ReadWritePaths"].Should().NotBeNullOrEmpty();
        unit["Service"]["StateDirectory"].Should().Be("seco");
        unit["Service"]["Restart"].Should().Be("on-failure");
        unit["Service"]["KillSignal"].Should().Be("SIGTERM");
        int.Parse(unit["Service"]["TimeoutStopSec"], CultureInfo.InvariantCulture).Should().BeGreaterThan(30, "the daemon's own shutdown timeout is 30 s");
        unit["Install"]["WantedBy"].Should().Be("multi-user.target");

        var environment = File.ReadAllLines(Path.Combine(GoldenData.RepositoryRoot, "deploy", "seco.env"))
            .Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]).ToList();
        foreach (var variable in VariablesOf(unit["Service"]["ExecStart"]))
        {
            environment.Should().Contain(variable, "every variable ExecStart uses comes from the EnvironmentFile");
        }
    }

    [Fact]
    public async Task Unit_file_passes_systemd_analyze_verify()
    {
        File.Exists("/usr/bin/systemd-analyze").Should().BeTrue("this check needs systemd-analyze (package systemd)");
        // verify checks that ExecStart is executable: point it at the built seco.
        var unit = File.ReadAllText(Path.Combine(GoldenData.RepositoryRoot, "deploy", "seco.service")).Replace("/opt/seco/seco ", SlowFixturePlugins.Seco + " ", StringComparison.Ordinal);
        var copy = _directory.File("seco.service");
        File.WriteAllText(copy, unit);
        var info = new ProcessStartInfo("/usr/bin/systemd-analyze", ["verify", "--man=no", copy]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var verify = Process.Start(info)!;
        var errors = await verify.StandardError.ReadToEndAsync() + await verify.StandardOutput.ReadToEndAsync();
        await verify.WaitForExitAsync();

        verify.ExitCode.Should().Be(0, errors);
        errors.Should().NotContain("seco.service", "systemd-analyze reports every problem of the unit by its file name");
    }

    private static IEnumerable<string> VariablesOf(string command) =>
        System.Text.RegularExpressions.Regex.Matches(command, @"\$\{([A-Z_]+)\}").Select(m => m.Groups[1].Value);

    private static async Task<string> ReceiveAsync(Socket socket, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
        return Encoding.UTF8.GetString(buffer, 0, received).Trim();
    }

    private static int ChildOf(int parent)
    {
        var children = File.ReadAllText($"/proc/{parent}/task/{parent}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return int.Parse(children.Should().ContainSingle().Subject, CultureInfo.InvariantCulture);
    }

    /// <summary>A systemd unit file as sections of keys (the last value of a repeated key wins).</summary>
    private static class UnitFile
    {
        public static Dictionary<string, Dictionary<string, string>> Parse(string text)
        {
            var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            Dictionary<string, string>? current = null;
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] is '#' or ';')
                {
                    continue;
                }

                if (line[0] == '[')
                {
                    current = sections[line.Trim('[', ']')] = new Dictionary<string, string>(StringComparer.Ordinal);
                    continue;
                }

                var equals = line.IndexOf('=', StringComparison.Ordinal);
                equals.Should().BePositive($"'{line}' is a key=value line");
                current.Should().NotBeNull($"'{line}' is inside a section");
                current![line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }

            return sections;
        }
    }
}
