using System.IO.Compression;
using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;

namespace SeCo.Vision.Tests.Checkpoints;

/// <summary>
/// Regression tests for hostile pickles: nesting deep enough to overflow the stack of any recursive walk
/// (the reported crash: a 200 KB checkpoint of nested tuples killed the process while hashing), shared
/// tuples that expand exponentially, and reference cycles. Each is refused with an error naming the file.
/// </summary>
public sealed class HostilePickleTests
{
    private const string FileName = "hostile.pkl";
    private const int Deep = 200_000;

    [Fact]
    public void Deeply_nested_tuples_are_refused_before_anything_hashes_them()
    {
        // K 0, then TUPLE1 200,000 times: ((((0,),),),...), then used as a dict key (hashing it).
        var pickle = new List<byte> { 0x80, 2, (byte)'}', (byte)'K', 0 };
        pickle.AddRange(Enumerable.Repeat((byte)0x85, Deep));
        pickle.AddRange([(byte)'N', (byte)'s', (byte)'.']);

        var act = () => Read([.. pickle]);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == FileName && e.Message.Contains("nest more than"));
    }

    [Fact]
    public void Deeply_nested_lists_are_refused()
    {
        // 200,000 empty lists, each APPENDed into the one below it.
        var pickle = new List<byte> { 0x80, 2 };
        pickle.AddRange(Enumerable.Repeat((byte)']', Deep));
        pickle.AddRange(Enumerable.Repeat((byte)'a', Deep - 1));
        pickle.Add((byte)'.');

        var act = () => Read([.. pickle]);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == FileName && e.Message.Contains("nest more than"));
    }

    [Fact]
    public void Deeply_nested_dicts_are_refused()
    {
        // {0: {0: {0: ... None}}}: EMPTY_DICT and a key per level, then None and SETITEM per level.
        var pickle = new List<byte> { 0x80, 2 };
        for (var i = 0; i < Deep; i++)
        {
            pickle.AddRange([(byte)'}', (byte)'K', 0]);
        }

        pickle.Add((byte)'N');
        pickle.AddRange(Enumerable.Repeat((byte)'s', Deep));
        pickle.Add((byte)'.');

        var act = () => Read([.. pickle]);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == FileName && e.Message.Contains("nest more than"));
    }

    [Fact]
    public void Lists_deepened_after_they_were_nested_are_refused_too()
    {
        // Lists L0..Ln are memoised first, then L(i+1) is appended into Li: each append looks shallow, the result is deep.
        const int n = 5_000;
        var pickle = new List<byte> { 0x80, 2 };
        for (var i = 0; i < n; i++)
        {
            pickle.AddRange([(byte)']', (byte)'r', .. BitConverter.GetBytes(i), (byte)'0']);
        }

        for (var i = n - 2; i >= 0; i--)
        {
            pickle.AddRange([(byte)'j', .. BitConverter.GetBytes(i), (byte)'j', .. BitConverter.GetBytes(i + 1), (byte)'a', (byte)'0']);
        }

        pickle.AddRange([(byte)'j', .. BitConverter.GetBytes(0), (byte)'.']);

        var act = () => Read([.. pickle]);

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("nest more than"));
    }

    [Fact]
    public void Shared_tuples_that_expand_exponentially_are_refused()
    {
        // t = (t, t) sixty times over one memoised tuple: 2^60 values if walked, 200 bytes on disk.
        var pickle = new List<byte> { 0x80, 2, (byte)')', (byte)'q', 0 };
        for (var i = 0; i < 60; i++)
        {
            pickle.AddRange([(byte)'0', (byte)'h', 0, (byte)'h', 0, 0x86, (byte)'q', 0]);
        }

        pickle.Add((byte)'.');

        var act = () => Read([.. pickle]);

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("expands to more than"));
    }

    [Fact]
    public void A_list_that_contains_itself_is_refused()
    {
        byte[] pickle = [0x80, 2, (byte)']', (byte)'q', 0, (byte)'h', 0, (byte)'a', (byte)'.'];

        var act = () => Read(pickle);

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("reference cycle"));
    }

    [Fact]
    public void Nesting_a_state_dict_needs_is_read()
    {
        // Ten levels of dicts and tuples: well inside the limit.
        var pickle = new List<byte> { 0x80, 2 };
        for (var i = 0; i < 10; i++)
        {
            pickle.AddRange([(byte)'}', (byte)'K', 0]);
        }

        pickle.AddRange([(byte)'K', 7, 0x85, 0x85]);
        pickle.AddRange(Enumerable.Repeat((byte)'s', 10));
        pickle.Add((byte)'.');

        Read([.. pickle]).Should().BeOfType<PickleDict>();
    }

    [Fact]
    public void A_small_checkpoint_of_deeply_nested_tuples_fails_with_an_error_naming_the_file()
    {
        using var directory = new TempDirectory("seco-hostile-pth");
        var path = directory.File("deep.pth");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            var entry = zip.CreateEntry("deep/data.pkl", CompressionLevel.NoCompression);
            using var stream = entry.Open();
            stream.Write([0x80, 2, (byte)'K', 1]);
            stream.Write(Enumerable.Repeat((byte)0x85, Deep).ToArray());
            stream.Write([(byte)'.']);
        }

        var act = () => PthFile.Open(path);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == path && e.Message.Contains("nest more than"));
    }

    [Fact]
    public void A_zip_record_declaring_more_than_deflate_can_expand_is_refused()
    {
        using var directory = new TempDirectory("seco-hostile-pth");
        var path = directory.File("bomb.pth");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            var entry = zip.CreateEntry("bomb/data.pkl", CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            stream.Write([0x80, 2, (byte)'N', (byte)'.']);
        }

        // Claim 500 MB uncompressed in the local and central headers (a zip bomb's lie).
        var bytes = File.ReadAllBytes(path);
        for (var i = 0; i + 4 <= bytes.Length; i++)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            var sizeOffset = signature == 0x04034b50 ? 22 : signature == 0x02014b50 ? 24 : -1;
            if (sizeOffset > 0)
            {
                BitConverter.GetBytes(500_000_000u).CopyTo(bytes, i + sizeOffset);
            }
        }

        File.WriteAllBytes(path, bytes);

        var act = () => PthFile.Open(path);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == path && e.Message.Contains("which no zip can hold"));
    }

    [Fact]
    public void A_zip_whose_directory_counts_disagree_is_a_clear_error_not_an_invalid_data_exception()
    {
        // Found by the fuzz harness: ZipArchive reads the central directory lazily, so the fault surfaced outside the constructor's catch.
        using var directory = new TempDirectory("seco-hostile-pth");
        var path = directory.File("counts.pth");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var stream = zip.CreateEntry("counts/data.pkl", CompressionLevel.NoCompression).Open();
            stream.Write([0x80, 2, (byte)'N', (byte)'.']);
        }

        var bytes = File.ReadAllBytes(path);
        var end = bytes.Length - 22;
        BitConverter.ToUInt32(bytes, end).Should().Be(0x06054b50u, "the end-of-central-directory record closes the file");
        BitConverter.GetBytes((ushort)2).CopyTo(bytes, end + 8);
        BitConverter.GetBytes((ushort)2).CopyTo(bytes, end + 10);
        File.WriteAllBytes(path, bytes);

        var act = () => PthFile.Open(path);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == path && e.Message.Contains("not a readable zip archive"));
    }

    private static object? Read(byte[] pickle)
    {
        using var storages = new StorageCache(FileName);
        return new PickleReader(new MemoryStream(pickle), FileName, storages).Load();
    }
}
