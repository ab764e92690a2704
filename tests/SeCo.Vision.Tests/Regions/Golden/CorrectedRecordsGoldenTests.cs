using System.Text;
using SeCo.Testing;
using SeCo.Vision.Regions;

namespace SeCo.Vision.Tests.Regions.Golden;

/// <summary><c>scc/filters/converted</c>: region JSON with SCC's loss, score and thresholds (<c>convert_json_2input</c>). Tolerance: exact.</summary>
public sealed class CorrectedRecordsGoldenTests
{
    public static TheoryData<string> Files()
    {
        var root = GoldenData.PathOf("scc", "filters", "converted");
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Corrected_region_json_round_trips_byte_for_byte(string relative)
    {
        var path = Path.Combine(GoldenData.PathOf("scc", "filters", "converted"), relative);

        var records = RegionRecordJson.Read(path);

        records.Should().NotBeEmpty().And.OnlyContain(r => r.IsCorrected && r.Loss != null && r.GlobalLossThreshold != null);
        RegionRecordJson.Serialize(records).Should().Be(File.ReadAllText(path, Encoding.UTF8));
    }
}
