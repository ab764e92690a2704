using System.Text;
using SeCo.Plugins.Sources.Proda;
using SeCo.Vision.Thresholds;
using SeCo.Testing;

namespace Sources.Proda.Tests;

public sealed class OutputFilesTests
{
    [Fact]
    public void Confidence_map_is_a_float16_npy_numpy_can_read()
    {
        using var directory = new TempDirectory();
        var path = directory.File("conf", "a_conf.npy");
        float[] confidence = [0.5f, 1f, 0.25f, 0.953125f, 0f, 0.75f];

        ConfidenceMapWriter.Write(path, confidence, width: 3, height: 2);

        var bytes = File.ReadAllBytes(path);
        bytes[0].Should().Be(0x93);
        Encoding.ASCII.GetString(bytes, 1, 5).Should().Be("NUMPY");
        (bytes[6], bytes[7]).Should().Be(((byte)1, (byte)0));
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        ((10 + headerLength) % 64).Should().Be(0, "NumPy aligns the data to 64 bytes");
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        header.Should().StartWith("{'descr': '<f2', 'fortran_order': False, 'shape': (2, 3), }").And.EndWith("\n");
        var values = Enumerable.Range(0, 6).Select(i => (float)BitConverter.ToHalf(bytes, 10 + headerLength + 2 * i));
        values.Should().Equal(confidence);
        bytes.Length.Should().Be(10 + headerLength + 12);
    }

    [Fact]
    public void Thresholds_file_round_trips_raw_thresholds_and_counts()
    {
        using var directory = new TempDirectory();
        var path = directory.File("thresholds.json");
        var thresholds = new ClassThresholds(ThresholdMode.ClassBalanced, 0.2, [0.529301107f, 0f, 0.9999987f], [230, 2, 0], [917, 5, 0]);

        ThresholdsFile.Write(path, thresholds, sampleStride: 4, ["road", "sidewalk", "building"]);
        var read = ThresholdsFile.Read(path);

        read.Mode.Should().Be(ThresholdMode.ClassBalanced);
        read.Portion.Should().Be(0.2);
        read.Raw.Should().Equal(thresholds.Raw);
        read.PoolSizes.Should().Equal(thresholds.PoolSizes);
        read.PredictedPixels.Should().Equal(thresholds.PredictedPixels);
        read.Effective().Should().Equal(0.529301107f, 1f, 0.9999987f);
        File.ReadAllText(path).Should().Contain("\"name\": \"sidewalk\"");
    }

    [Fact]
    public void A_thresholds_file_from_elsewhere_is_an_input_error()
    {
        using var directory = new TempDirectory();
        var path = directory.File("thresholds.json");
        File.WriteAllText(path, "{\"classes\": 3}");

        var act = () => ThresholdsFile.Read(path);

        act.Should().Throw<SeCo.Sdk.Errors.SeCoInputException>().Which.Location.File.Should().Be(path);
    }
}
