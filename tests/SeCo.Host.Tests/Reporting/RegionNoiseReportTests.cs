using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SeCo.Plugins.HtmlReport;
using SeCo.Host.Running;
using SeCo.Sdk.Artifacts;

namespace SeCo.Host.Tests.Reporting;

/// <summary>The SCC-LD section: drawn for a stage whose <c>noise</c> report lists <c>scc_ld.json</c>, numbers equal to the file.</summary>
public sealed partial class RegionNoiseReportTests : IDisposable
{
    private const string Summary = """
        {
          "mode": "gmm", "regions": 921, "pixels": 123457,
          "loss": { "min": 0.0123456789, "max": 3.14159265358979 },
          "thresholds": { "noise": 0.6, "correction": 0.95 },
          "gmm": { "maxIterations": 10, "tolerance": 0.01, "regCovar": 0.0005, "fallback": "none", "iterations": 4, "converged": true,
                   "lowerBound": 1.234, "weights": [0.664809123456789, 0.335190876543211], "means": [0.0314576804236389, 0.66776647930886],
                   "variances": [0.00122152234567891, 0.0502102112345678], "noisyComponent": 1, "noiseThresholdLosses": [0.181818181818182] },
          "histogram": { "bins": 4, "kept": [600, 20, 0, 0], "relabelled": [0, 5, 100, 40], "dropped": [0, 6, 90, 60] },
          "decisions": { "kept": { "regions": 620, "pixels": 100001 }, "relabelled": { "regions": 145, "pixels": 13456, "changedRegions": 77, "changedPixels": 9999 },
                         "dropped": { "regions": 156, "pixels": 10000 } }
        }
        """;

    private readonly RunFolderFixture _run = new(imageCount: 2);

    public RegionNoiseReportTests()
    {
        // The fixture's scc stage gets the noise port and file the stage writes in filterMode gmm.
        var sccDir = Directory.GetDirectories(_run.Directory, "scc-*").Single();
        File.WriteAllText(Path.Combine(sccDir, RegionNoiseSummary.FileName), Summary);
        var manifestPath = Path.Combine(sccDir, ManifestStore.FileName);
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["outputs"]!["noise"] = JsonSerializer.SerializeToNode(ManifestStore.Serialize(new Report(sccDir, [RegionNoiseSummary.FileName])), ManifestStore.JsonOptions);
        File.WriteAllText(manifestPath, manifest.ToJsonString());
    }

    public void Dispose() => _run.Dispose();

    [Fact]
    public void Numbers_in_the_section_equal_the_file()
    {
        var html = File.ReadAllText(TestReport.Write(_run.Directory, new RunReportOptions { Samples = 1, ThumbnailWidth = 32 }));

        var section = Section().Match(html);
        section.Success.Should().BeTrue("a stage with scc_ld.json gets the SCC-LD section");
        section.Value.Should().Contain("<svg").And.Contain("<polyline", "the two fitted components are drawn").And.Contain("η = 0.6");
        var model = ModelFields(section.Value);
        using var file = JsonDocument.Parse(Summary);
        var root = file.RootElement;
        var gmm = root.GetProperty("gmm");
        foreach (var decision in RegionNoiseSummary.Decisions)
        {
            var stored = root.GetProperty("decisions").GetProperty(decision);
            DecisionCell(section.Value, decision, "regions").Should().Be(stored.GetProperty("regions").GetInt64());
            DecisionCell(section.Value, decision, "pixels").Should().Be(stored.GetProperty("pixels").GetInt64());
        }

        DecisionCell(section.Value, "relabelledChanged", "regions").Should().Be(77);
        DecisionCell(section.Value, "relabelledChanged", "pixels").Should().Be(9999);
        DecisionCell(section.Value, "all", "regions").Should().Be(921);
        DecisionCell(section.Value, "all", "pixels").Should().Be(123457);
        model["noiseThreshold"].Should().Be(0.6);
        model["correctionThreshold"].Should().Be(0.95);
        model["lossMin"].Should().Be(root.GetProperty("loss").GetProperty("min").GetDouble());
        model["lossMax"].Should().Be(root.GetProperty("loss").GetProperty("max").GetDouble());
        model["iterations"].Should().Be(4);
        for (var k = 0; k < 2; k++)
        {
            model[$"weight{k}"].Should().Be(gmm.GetProperty("weights")[k].GetDouble());
            model[$"mean{k}"].Should().Be(gmm.GetProperty("means")[k].GetDouble());
            model[$"variance{k}"].Should().Be(gmm.GetProperty("variances")[k].GetDouble());
        }

        model["noiseThresholdLoss0"].Should().Be(gmm.GetProperty("noiseThresholdLosses")[0].GetDouble());
        // Every bar's count is the file's: 4 bins × 3 decisions, zeros not drawn.
        var bars = Bar().Matches(section.Value).Select(m => (m.Groups["decision"].Value, long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture))).ToList();
        bars.Should().BeEquivalentTo(new[]
        {
            ("kept", 600L), ("kept", 20L), ("relabelled", 5L), ("relabelled", 100L), ("relabelled", 40L), ("dropped", 6L), ("dropped", 90L), ("dropped", 60L),
        });
    }

    [Fact]
    public void A_run_without_the_file_has_no_section()
    {
        using var plain = new RunFolderFixture(imageCount: 1);

        var html = File.ReadAllText(TestReport.Write(plain.Directory, new RunReportOptions { Samples = 1, ThumbnailWidth = 32 }));

        html.Should().NotContain("id=\"scc-ld\"");
    }

    [Fact]
    public void An_unreadable_file_becomes_a_note()
    {
        var sccDir = Directory.GetDirectories(_run.Directory, "scc-*").Single();
        File.WriteAllText(Path.Combine(sccDir, RegionNoiseSummary.FileName), """{"regions": 3}""");

        var model = ReportModelBuilder.Build(RunFolderReader.Read(_run.Directory));

        model.NoiseModels.Should().BeEmpty();
        model.Notes.Should().ContainSingle(n => n.StartsWith("scc: ", StringComparison.Ordinal) && n.Contains("scc_ld.json", StringComparison.Ordinal));
    }

    private static long DecisionCell(string section, string decision, string field)
    {
        var row = Regex.Match(section, $"<tr data-decision=\"{decision}\">(.*?)</tr>");
        row.Success.Should().BeTrue($"the decision table has a {decision} row");
        var cell = Regex.Match(row.Groups[1].Value, $"data-field=\"{field}\" data-value=\"([^\"]*)\">([^<]*)<");
        var value = long.Parse(cell.Groups[1].Value, CultureInfo.InvariantCulture);
        long.Parse(cell.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture).Should().Be(value, "the shown count is the stored one");
        return value;
    }

    private static Dictionary<string, double> ModelFields(string section) =>
        Regex.Matches(Regex.Match(section, "<table class=\"scc-ld-model\">(.*?)</table>").Groups[1].Value, "data-field=\"([^\"]+)\" data-value=\"([^\"]+)\"")
            .ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("<section id=\"scc-ld\">.*?</section>", RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex("<title>(?<decision>kept|relabelled|dropped) · loss [^:]*: (?<count>\\d+)</title></rect>")]
    private static partial Regex Bar();
}
