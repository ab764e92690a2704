using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace SeCo.Host.Tests.Docs;

/// <summary>
/// The README cannot drift from the product: every shell line it shows runs (with <see cref="ReadmeSandbox"/>'s
/// stand-ins) and must succeed, unless <c>readme-skip.txt</c> lists it with the reason it cannot run in CI. A new
/// README line must either run here or be added to that list; a listed line the README no longer has fails too.
/// </summary>
public sealed class ReadmeCommandTests(ITestOutputHelper log)
{
    private static string ReadmePath => Path.Combine(ReadmeSandbox.RepositoryRoot, "README.md");

    private static string SkipListPath => Path.Combine(ReadmeSandbox.RepositoryRoot, "tests", "SeCo.Host.Tests", "Docs", "readme-skip.txt");

    [Fact]
    public void Every_skip_list_entry_has_a_reason_and_is_still_in_the_readme()
    {
        var skip = ReadmeSkipList.Parse(File.ReadAllText(SkipListPath));
        var lines = ReadmeShellLine.Extract(File.ReadAllText(ReadmePath)).Select(l => l.Text).ToHashSet(StringComparer.Ordinal);

        skip.Problems.Should().BeEmpty();
        skip.Reasons.Keys.Where(k => !lines.Contains(k)).Should().BeEmpty("every skipped line must still be a README shell line (remove stale entries from readme-skip.txt)");
    }

    [Fact]
    public async Task Every_readme_shell_line_runs_or_is_skipped_with_a_reason()
    {
        var skip = ReadmeSkipList.Parse(File.ReadAllText(SkipListPath));
        var lines = ReadmeShellLine.Extract(File.ReadAllText(ReadmePath));
        lines.Should().NotBeEmpty();
        var failures = new StringBuilder();
        await using var sandbox = new ReadmeSandbox();
        foreach (var line in lines)
        {
            if (skip.Reasons.TryGetValue(line.Text, out var reason))
            {
                log.WriteLine($"README.md:{line.LineNumber}: skipped ({reason}): {line.Text}");
                continue;
            }

            var command = sandbox.Prepare(line.Text);
            var clock = Stopwatch.StartNew();
            var (code, output) = await sandbox.RunAsync(command);
            log.WriteLine($"README.md:{line.LineNumber}: exit {code} in {clock.Elapsed.TotalSeconds:0.0} s: {line.Text}{(command == line.Text ? "" : $"\n    ran: {command}")}");
            if (code != 0)
            {
                failures.AppendLine($"README.md:{line.LineNumber}: `{line.Text}` (ran `{command}`) exited {code}:\n{output}")
                    .AppendLine("Fix the line or the product, or list the line in tests/SeCo.Host.Tests/Docs/readme-skip.txt with the reason it cannot run in CI.");
            }
        }

        failures.ToString().Should().BeEmpty();
    }

    [Fact]
    public void Shell_lines_come_from_bash_blocks_and_seco_lines_of_other_blocks()
    {
        const string markdown = """
            Text `seco run` inline is not a command.
            ```bash
            # a comment
            ./seco.sh run   # builds
            echo a \
              b
            ```
            ```
            seco plugins    stages
            not a command
            ```
            ```json
            seco in json
            ```
            """;

        ReadmeShellLine.Extract(markdown).Should().Equal(
            new ReadmeShellLine("./seco.sh run   # builds", 4),
            new ReadmeShellLine("echo a b", 5),
            new ReadmeShellLine("seco plugins    stages", 9));
    }

    [Fact]
    public void A_skip_entry_without_a_reason_is_a_problem()
    {
        var skip = ReadmeSkipList.Parse("./test.sh\n    reason: the suite itself\nseco serve\n");

        skip.Reasons.Should().ContainKey("./test.sh");
        skip.Problems.Should().ContainSingle().Which.Should().Contain("'seco serve' has no 'reason:'");
    }
}
