using System.Text;
using SeCo.Fuzzing;
using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;

namespace SeCo.Vision.Tests.Fuzzing;

/// <summary>
/// Property tests over the parsers of untrusted bytes: every mutation of a seed (tests/fuzz-corpus) gives a
/// value or a <see cref="SeCoInputException"/>, never another exception, a hang or a crash. Each runs for
/// <c>SECO_FUZZ_SECONDS</c> (default 15).
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class UntrustedBytesFuzzTests
{
    [Fact]
    public void Pickle_reader_gives_a_value_or_a_clear_error_for_any_mutated_pickle() =>
        FuzzCorpus.Run("pickle", bytes =>
        {
            using var storages = new StorageCache("fuzz.pkl");
            try
            {
                var value = new PickleReader(new MemoryStream(bytes), "fuzz.pkl", storages).Load();
                _ = value?.ToString();
                _ = value?.GetHashCode();
            }
            catch (SeCoInputException e)
            {
                e.Location.File.Should().Be("fuzz.pkl");
            }
        });

    [Fact]
    public void Checkpoint_reader_gives_tensors_or_a_clear_error_for_any_mutated_checkpoint()
    {
        using var directory = new TempDirectory("seco-fuzz-pth");
        var path = directory.File("fuzz.pth");
        FuzzCorpus.Run("pth", bytes =>
        {
            File.WriteAllBytes(path, bytes);
            try
            {
                using var file = PthFile.Open(path);
                foreach (var tensor in file.StateDict().Values)
                {
                    tensor.Dispose();
                }
            }
            catch (SeCoInputException e)
            {
                e.Location.File.Should().Be(path);
            }
        });
    }

    [Fact]
    public void Png_label_decoder_gives_a_label_map_or_a_clear_error_for_any_mutated_png() =>
        FuzzCorpus.Run("png", bytes =>
        {
            try
            {
                var map = LabelMapIO.Decode(bytes, "fuzz.png");
                (map.Width * map.Height).Should().BePositive();
            }
            catch (SeCoInputException e)
            {
                e.Location.File.Should().Be("fuzz.png");
            }
        });

    [Fact]
    public void Image_decoder_gives_an_image_or_a_clear_error_for_any_mutated_png() =>
        FuzzCorpus.Run("png", bytes =>
        {
            try
            {
                var image = RgbImageIO.Decode(bytes, "fuzz.png");
                image.Width.Should().BePositive();
            }
            catch (SeCoInputException e)
            {
                e.Location.File.Should().Be("fuzz.png");
            }
        });

    [Fact]
    public void Region_json_reader_gives_records_that_decode_or_a_clear_error_for_any_mutated_file() =>
        FuzzCorpus.Run("rle", bytes =>
        {
            try
            {
                foreach (var record in RegionRecordJson.Parse(Encoding.UTF8.GetString(bytes), "fuzz.json"))
                {
                    record.Segmentation.Decode();
                }
            }
            catch (SeCoInputException e)
            {
                e.Location.File.Should().Be("fuzz.json");
            }
        });
}
