using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Checkpoints;

public sealed class SafeTensorsTests
{
    [Fact]
    public void Save_then_load_round_trips_every_supported_dtype_exactly()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("all.safetensors");
        var tensors = SampleTensors.AllDtypes();

        SafeTensors.Save(path, tensors);
        var loaded = SafeTensors.Load(path);

        loaded.Keys.Should().BeEquivalentTo(tensors.Keys);
        foreach (var (name, expected) in tensors)
        {
            var actual = loaded[name];
            actual.dtype.Should().Be(expected.dtype, name);
            actual.shape.Should().Equal(expected.shape, name);
            TensorAssert.Identical(actual, expected, name);
        }
    }

    [Fact]
    public void Saved_header_is_sorted_padded_to_eight_bytes_and_carries_metadata()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("sorted.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["zeta"] = torch.ones(3, ScalarType.Byte),
            ["alpha"] = torch.ones(2, ScalarType.Float64),
            ["mid"] = torch.ones(5, ScalarType.Float16),
        };

        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        var bytes = File.ReadAllBytes(path);
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        (headerLength % 8).Should().Be(0);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        using var json = JsonDocument.Parse(header);
        json.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("__metadata__", "alpha", "mid", "zeta");
        json.RootElement.GetProperty("__metadata__").GetProperty("format").GetString().Should().Be("pt");
        var alphaOffsets = json.RootElement.GetProperty("alpha").GetProperty("data_offsets");
        alphaOffsets[0].GetInt64().Should().Be(0, "the widest dtype comes first so every tensor stays aligned");
        (bytes.Length - 8 - headerLength).Should().Be((2 * 8) + (5 * 2) + 3);

        var loaded = SafeTensors.Load(path);
        loaded.Keys.Should().BeEquivalentTo(["alpha", "mid", "zeta"], "__metadata__ is not a tensor");
    }

    [Fact]
    public void Non_contiguous_tensors_are_saved_with_their_logical_values()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("views.safetensors");
        var source = torch.arange(12, ScalarType.Float32).reshape(3, 4);
        var transposed = source.t();

        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["t"] = transposed, ["col"] = source[.., 1] });

        var loaded = SafeTensors.Load(path);
        TensorAssert.Identical(loaded["t"], transposed.contiguous(), "transposed");
        TensorAssert.Identical(loaded["col"], torch.tensor(new[] { 1f, 5f, 9f }), "column");
    }

    [Fact]
    public void Truncated_file_is_refused_with_an_error_naming_the_file()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("full.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = torch.ones(64) });
        var bytes = File.ReadAllBytes(path);
        var truncated = dir.File("truncated.safetensors");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 10)]);

        var act = () => SafeTensors.Load(truncated);

        act.Should().Throw<SeCoInputException>()
            .Where(e => e.Location.File == truncated && e.Message.Contains("truncated"));
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, (byte)'{' })]
    [InlineData(new byte[] { 4, 0, 0, 0, 0, 0, 0, 0, (byte)'n', (byte)'o', (byte)'p', (byte)'e' })]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, (byte)'[', (byte)']' })]
    public void Corrupt_header_is_refused_with_an_error_naming_the_file(byte[] content)
    {
        using var dir = new TempDirectory();
        var path = dir.File("corrupt.safetensors");
        File.WriteAllBytes(path, content);

        var act = () => SafeTensors.Load(path);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == path);
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[\"0\",4]}}")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}")]
    [InlineData("{\"w\":[1,2]}")]
    public void Malformed_tensor_entries_are_refused_with_an_input_error(string header)
    {
        using var dir = new TempDirectory();
        var path = dir.File("malformed.safetensors");
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + headerBytes.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerBytes.Length);
        headerBytes.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);

        var act = () => SafeTensors.Load(path);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == path);
    }

    [Fact]
    public void Offsets_that_do_not_match_the_shape_are_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad-offsets.safetensors");
        var header = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,12]}}");
        var bytes = new byte[8 + header.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);

        var act = () => SafeTensors.Load(path);

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("'w'"));
    }

    [Fact]
    public void Unsupported_dtype_is_refused_by_name()
    {
        using var dir = new TempDirectory();
        var path = dir.File("c64.safetensors");
        var header = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}");
        var bytes = new byte[8 + header.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);

        var act = () => SafeTensors.Load(path);

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("C64"));
    }

    [Fact]
    public void Save_leaves_no_temporary_file_behind()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        SafeTensors.Save(dir.File("a.safetensors"), new Dictionary<string, Tensor> { ["x"] = torch.ones(2) });

        Directory.GetFiles(dir.Path).Select(Path.GetFileName).Should().Equal("a.safetensors");
    }
}
