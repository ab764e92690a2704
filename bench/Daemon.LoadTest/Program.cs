using SeCo.Bench.Daemon;

// Bounded load test of `seco serve` on loopback; see README.md.
LoadTestOptions options;
try
{
    options = LoadTestOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var loadBefore = LoadAverage();
await using var daemon = await DaemonUnderTest.StartAsync(options);
var result = await new LoadTest(options, daemon).RunAsync();
Console.WriteLine(result.Describe(options, loadBefore, LoadAverage()));
return result.AllSucceeded(options.Runs) ? 0 : 1;

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
