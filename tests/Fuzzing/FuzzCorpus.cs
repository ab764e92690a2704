using System.Globalization;
using CsCheck;
using SeCo.Testing;

namespace SeCo.Fuzzing;

/// <summary>
/// The fuzz harness shared by the test projects (linked into each): seeds from <c>tests/fuzz-corpus/&lt;name&gt;</c>,
/// a CsCheck generator of mutations of them, and a time budget per parser from <c>SECO_FUZZ_SECONDS</c>.
/// </summary>
internal static class FuzzCorpus
{
    /// <summary>Seconds each parser is fuzzed for unless <c>SECO_FUZZ_SECONDS</c> says otherwise (CI uses this default).</summary>
    public const int DefaultSeconds = 15;

    private static readonly byte[] s_interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, (byte)'(', (byte)'t', (byte)'.', (byte)'{', (byte)'}', (byte)'[', (byte)'"'];

    /// <summary>The time budget in seconds for one parser.</summary>
    public static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("SECO_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : DefaultSeconds;

    /// <summary>A CsCheck seed to replay (<c>SECO_FUZZ_SEED</c>), or null for a random run.</summary>
    public static string? Seed => Environment.GetEnvironmentVariable("SECO_FUZZ_SEED") is { Length: > 0 } seed ? seed : null;

    /// <summary>The seed files of one corpus folder, by name.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Load(string folder)
    {
        var directory = Path.Combine(GoldenData.RepositoryRoot, "tests", "fuzz-corpus", folder);
        var seeds = Directory.EnumerateFiles(directory).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        if (seeds.Count == 0)
        {
            throw new InvalidOperationException($"The fuzz corpus {directory} is empty.");
        }

        return seeds;
    }

    /// <summary>Seeds, and seeds changed by 1 to 8 random edits (flips, inserts, deletes, duplicated ranges, truncation).</summary>
    public static Gen<byte[]> Mutations(IReadOnlyList<(string Name, byte[] Bytes)> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Select(Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue]).Array[0, 8])
            .Select(t => Mutate(seeds[t.Item1].Bytes, t.Item2));

    /// <summary>Runs <paramref name="check"/> on mutated seeds for the time budget; CsCheck reports the smallest failing input.</summary>
    public static void Run(string folder, Action<byte[]> check) =>
        Mutations(Load(folder)).Sample(check, seed: Seed, time: Seconds, threads: 1, print: Describe);

    private static string Describe(byte[] bytes) =>
        $"{bytes.Length} bytes: {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 512)))}";

    private static byte[] Mutate(byte[] seed, (int Kind, int A, int B)[] edits)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, a, b) in edits)
        {
            var at = bytes.Count == 0 ? 0 : a % bytes.Count;
            switch (kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (b % 8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)b);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(1 + (b % 16), bytes.Count - at));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4 when bytes.Count > 0:
                    var length = Math.Min(1 + (b % 64), bytes.Count - at);
                    bytes.InsertRange((b / 64) % (bytes.Count + 1), bytes.GetRange(at, length));
                    break;
                case 5 when bytes.Count > 0:
                    bytes[at] = s_interesting[b % s_interesting.Length];
                    break;
                case 6 when bytes.Count >= 4:
                    // A 32-bit length or count field set to something large or negative.
                    var value = BitConverter.GetBytes(b % 3 == 0 ? int.MaxValue : b % 3 == 1 ? -1 : b);
                    for (var i = 0; i < 4 && at + i < bytes.Count; i++)
                    {
                        bytes[at + i] = value[i];
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
