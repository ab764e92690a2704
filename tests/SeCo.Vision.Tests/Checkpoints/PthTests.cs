using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Checkpoints;

public sealed class PthTests
{
    [Fact]
    public void Save_then_load_round_trips_every_dtype_shape_and_key_order()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("all.pth");
        var tensors = SampleTensors.AllDtypes();

        Pth.Save(path, tensors);
        var loaded = Pth.Load(path);

        loaded.Keys.Should().Equal(tensors.Keys);
        foreach (var (name, expected) in tensors)
        {
            loaded[name].dtype.Should().Be(expected.dtype, name);
            TensorAssert.Identical(loaded[name], expected, name);
        }
    }

    [Fact]
    public void Non_contiguous_and_sliced_tensors_are_saved_with_their_values()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("views.pth");
        var source = torch.arange(24, ScalarType.Float32).reshape(4, 6);
        var tensors = new Dictionary<string, Tensor>
        {
            ["transposed"] = source.t(),
            ["strided"] = source[.., TensorIndex.Slice(1, 6, 2)],
            ["row"] = source[2],
        };

        Pth.Save(path, tensors);
        var loaded = Pth.Load(path);

        foreach (var (name, expected) in tensors)
        {
            TensorAssert.Identical(loaded[name], expected.contiguous(), name);
        }
    }

    [Fact]
    public void Saved_archive_has_pytorch_records_stored_uncompressed_and_64_byte_aligned()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("layout.pth");
        Pth.Save(path, new Dictionary<string, Tensor> { ["a"] = torch.ones(5), ["b.weight"] = torch.zeros(3, 7, ScalarType.Float16) });

        using (var archive = ZipFile.OpenRead(path))
        {
            archive.Entries.Select(e => e.FullName).Should().Equal(
                "archive/data.pkl", "archive/byteorder", "archive/data/0", "archive/data/1", "archive/version");
            archive.Entries.Should().OnlyContain(e => e.CompressedLength == e.Length, "PyTorch stores records uncompressed");
            using var version = new StreamReader(archive.GetEntry("archive/version")!.Open());
            version.ReadToEnd().Should().Be("3\n");
            using var byteOrder = new StreamReader(archive.GetEntry("archive/byteorder")!.Open());
            byteOrder.ReadToEnd().Should().Be("little");
        }

        var bytes = File.ReadAllBytes(path);
        foreach (var dataStart in LocalDataOffsets(bytes))
        {
            (dataStart % 64).Should().Be(0);
        }
    }

    [Fact]
    public void Zip64_records_are_written_when_sizes_or_offsets_need_them_and_read_back()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("zip64.pth");
        var tensors = new Dictionary<string, Tensor> { ["w"] = torch.arange(300, ScalarType.Float32), ["b"] = torch.arange(10, ScalarType.Int64) };

        PthWriter.Save(path, tensors, zip64Threshold: 100);

        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan().IndexOf(new byte[] { 0x50, 0x4b, 0x06, 0x06 }).Should().BePositive("a zip64 end-of-central-directory record is written");
        using var file = Pth.Open(path);
        var loaded = file.StateDict();
        TensorAssert.Identical(loaded["w"], tensors["w"], "w");
        TensorAssert.Identical(loaded["b"], tensors["b"], "b");
    }

    [Fact]
    public void Storages_are_read_only_when_a_tensor_needs_them()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("partial.pth");
        Pth.Save(path, new Dictionary<string, Tensor> { ["kept"] = torch.ones(4), ["lost"] = torch.zeros(4) });
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            archive.GetEntry("archive/data/1")!.Delete();
        }

        using var file = Pth.Open(path);
        var tensors = file.LocateStateDict().Tensors;
        var kept = ((LazyTensor)tensors["kept"]!).Load();
        var loadLost = () => ((LazyTensor)tensors["lost"]!).Load();

        TensorAssert.Identical(kept, torch.ones(4), "kept");
        loadLost.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("archive/data/1") && e.Location.File == path);
    }

    [Fact]
    public void Lazy_tensor_describes_shape_dtype_and_strides_before_any_data_is_read()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("meta.pth");
        Pth.Save(path, new Dictionary<string, Tensor> { ["w"] = torch.ones(2, 3, 4, ScalarType.Float16) });

        using var file = Pth.Open(path);
        var lazy = (LazyTensor)file.LocateStateDict().Tensors["w"]!;

        lazy.DType.Should().Be(ScalarType.Float16);
        lazy.Shape.Should().Equal(2, 3, 4);
        lazy.Stride.Should().Equal(12, 4, 1);
        lazy.Numel.Should().Be(24);
    }

    [Fact]
    public void Loading_with_a_dtype_converts_each_tensor()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("half.pth");
        Pth.Save(path, new Dictionary<string, Tensor> { ["w"] = torch.tensor(new[] { 0.5f, 2f }).to(ScalarType.Float16) });

        using var file = Pth.Open(path);
        var loaded = file.StateDict(dtype: ScalarType.Float32);

        loaded["w"].dtype.Should().Be(ScalarType.Float32);
        TensorAssert.Identical(loaded["w"], torch.tensor(new[] { 0.5f, 2f }), "w");
    }

    [Fact]
    public void Loading_the_same_lazy_tensor_twice_gives_equal_independent_tensors()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("twice.pth");
        Pth.Save(path, new Dictionary<string, Tensor> { ["w"] = torch.arange(6, ScalarType.Float32) });

        using var file = Pth.Open(path);
        var lazy = (LazyTensor)file.LocateStateDict().Tensors["w"]!;
        var first = lazy.Load();
        var second = lazy.Load();
        first.fill_(-1f);

        TensorAssert.Identical(second, torch.arange(6, ScalarType.Float32), "second load");
    }

    [Fact]
    public void Explicit_state_dict_key_that_does_not_exist_is_reported_with_the_top_level_keys()
    {
        using var dir = new TempDirectory();
        var path = dir.File("plain.pth");
        using (var scope = torch.NewDisposeScope())
        {
            Pth.Save(path, new Dictionary<string, Tensor> { ["w"] = torch.ones(1) });
        }

        using var file = Pth.Open(path);
        var act = () => file.StateDict(key: "model");

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("'model'") && e.Message.Contains("'w'"));
    }

    [Fact]
    public void TorchScript_archive_is_refused_with_advice()
    {
        using var dir = new TempDirectory();
        var path = dir.File("scripted.pt");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "scripted/data.pkl", "scripted/constants.pkl", "scripted/version" })
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write([0x80, 2, (byte)'N', (byte)'.']);
            }
        }

        var act = () => Pth.Open(path);

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("TorchScript") && e.Message.Contains("state_dict()"));
    }

    [Fact]
    public void Zip_prefix_is_taken_from_the_first_record_whatever_its_name()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var source = dir.File("source.pth");
        var renamed = dir.File("renamed.pth");
        Pth.Save(source, new Dictionary<string, Tensor> { ["w"] = torch.arange(5, ScalarType.Int64) });
        using (var input = ZipFile.OpenRead(source))
        using (var output = ZipFile.Open(renamed, ZipArchiveMode.Create))
        {
            foreach (var entry in input.Entries)
            {
                using var from = entry.Open();
                using var to = output.CreateEntry("my_model_v2/" + entry.FullName["archive/".Length..], CompressionLevel.NoCompression).Open();
                from.CopyTo(to);
            }
        }

        TensorAssert.Identical(Pth.Load(renamed)["w"], torch.arange(5, ScalarType.Int64), "w");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a checkpoint at all")]
    public void File_that_is_neither_zip_nor_pickle_is_refused(string content)
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.pth");
        File.WriteAllText(path, content);

        var act = () => Pth.Open(path);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == path);
    }

    [Fact]
    public void Every_truncation_of_a_checkpoint_fails_with_an_input_error_never_a_crash()
    {
        using var dir = new TempDirectory();
        var path = dir.File("full.pth");
        using (var scope = torch.NewDisposeScope())
        {
            Pth.Save(path, new Dictionary<string, Tensor> { ["w"] = torch.ones(40), ["b"] = torch.ones(3, ScalarType.Int64) });
        }

        var bytes = File.ReadAllBytes(path);
        var cut = dir.File("cut.pth");
        for (var length = 0; length < bytes.Length; length += 7)
        {
            File.WriteAllBytes(cut, bytes[..length]);
            var act = () =>
            {
                using var scope = torch.NewDisposeScope();
                Pth.Load(cut);
            };

            act.Should().Throw<SeCoInputException>($"a file cut at {length} of {bytes.Length} bytes is incomplete");
        }
    }

    [Fact]
    public void Corrupted_data_record_is_reported_not_silently_loaded()
    {
        using var dir = new TempDirectory();
        var path = dir.File("crc.pth");
        using (var scope = torch.NewDisposeScope())
        {
            Pth.Save(path, new Dictionary<string, Tensor> { ["w"] = torch.ones(40) });
        }

        var bytes = File.ReadAllBytes(path);
        var dataStart = LocalDataOffsets(bytes).ElementAt(2);
        bytes[dataStart + 5] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var act = () =>
        {
            using var scope = torch.NewDisposeScope();
            Pth.Load(path);
        };

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == path);
    }

    /// <summary>The data offsets of every local file header in a zip, in file order.</summary>
    private static IEnumerable<int> LocalDataOffsets(byte[] zip)
    {
        var position = 0;
        while (position + 30 <= zip.Length && BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(position)) == 0x04034b50)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(position + 18));
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(position + 26));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(position + 28));
            var dataStart = position + 30 + nameLength + extraLength;
            Encoding.ASCII.GetString(zip, position + 30, nameLength).Should().StartWith("archive/");
            yield return dataStart;
            position = dataStart + (int)size;
        }
    }
}
