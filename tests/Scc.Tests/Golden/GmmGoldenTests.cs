using System.Text.Json;
using SeCo.Plugins.Scc.Noise;
using SeCo.Testing;

namespace Scc.Tests.Golden;

/// <summary>
/// <see cref="LossNoiseModel"/> against scikit-learn 1.2.1 (<c>golden/scc_ld/gmm_cases.json</c>): η per region, the
/// fitted weights / means / variances as a set, <c>n_iter</c> and <c>converged</c>, for all 14 cases.
/// </summary>
public sealed class GmmGoldenTests
{
    /// <summary>The golden README's tolerance up to 5 000 losses (the deterministic start reproduces sklearn's fit).</summary>
    private const double SmallCaseTolerance = 1e-9;

    /// <summary>The golden README's tolerance above 5 000 losses (sklearn's k-means start differs slightly there; measured |Δη| ≤ 1e-4).</summary>
    private const double LargeCaseTolerance = 1e-3;

    private const int SmallCaseLimit = 5000;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Fact]
    public void Golden_file_holds_the_fourteen_cases_in_both_settings()
    {
        var cases = Cases();
        cases.Should().HaveCount(14);
        cases.Select(c => c.GetProperty("settings").GetProperty("max_iter").GetInt32()).Distinct().Should().BeEquivalentTo([10, 100]);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Noise_probabilities_and_fit_match_scikit_learn(string name)
    {
        var c = Cases().Single(e => e.GetProperty("name").GetString() == name);
        var settings = c.GetProperty("settings");
        var gmm = new GaussianMixtureSettings(
            settings.GetProperty("max_iter").GetInt32(), settings.GetProperty("tol").GetDouble(), settings.GetProperty("reg_covar").GetDouble());
        var losses = Doubles(c.GetProperty("losses"));
        var expected = c.GetProperty("sklearn");
        var tolerance = losses.Length <= SmallCaseLimit ? SmallCaseTolerance : LargeCaseTolerance;

        var estimate = LossNoiseModel.Estimate(losses, gmm);

        estimate.Fallback.Should().Be(NoiseFallback.None);
        var eta = Doubles(expected.GetProperty("eta"));
        estimate.NoiseProbabilities.Should().HaveCount(eta.Length);
        for (var i = 0; i < eta.Length; i++)
        {
            estimate.NoiseProbabilities[i].Should().BeApproximately(eta[i], tolerance, $"η of region {i}");
        }

        var mixture = estimate.Mixture!;
        mixture.Iterations.Should().Be(expected.GetProperty("n_iter").GetInt32());

        mixture.Converged.Should().Be(expected.GetProperty("converged").GetBoolean());
        // sklearn's component order comes from its k-means labels; compare the components as a set, ordered by mean.
        var expectedComponents = Components(Doubles(expected.GetProperty("weights")), Doubles(expected.GetProperty("means")), Doubles(expected.GetProperty("variances")));
        var actualComponents = Components([.. mixture.Weights], [.. mixture.Means], [.. mixture.Variances]);
        for (var k = 0; k < 2; k++)
        {
            actualComponents[k].Weight.Should().BeApproximately(expectedComponents[k].Weight, tolerance, $"weight of component {k}");
            actualComponents[k].Mean.Should().BeApproximately(expectedComponents[k].Mean, tolerance, $"mean of component {k}");
            actualComponents[k].Variance.Should().BeApproximately(expectedComponents[k].Variance, tolerance, $"variance of component {k}");
        }

        estimate.NoisyComponent.Should().Be(mixture.Means[1] > mixture.Means[0] ? 1 : 0);
    }

    private static (double Weight, double Mean, double Variance)[] Components(double[] weights, double[] means, double[] variances) =>
        [.. Enumerable.Range(0, 2).Select(k => (weights[k], means[k], variances[k])).OrderBy(c => c.Item2)];

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];

    private static List<JsonElement> Cases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("scc_ld", "gmm_cases.json")));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone())];
    }
}
