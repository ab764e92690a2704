using System.Text;
using System.Text.Json;
using SeCo.Plugins.Scc.Thresholds;

namespace SeCo.Plugins.Scc.Noise;

/// <summary>
/// The SCC-LD summary a report draws (<see cref="FileName"/> in the stage's output folder): the histogram of the
/// normalised region losses split by decision, the fitted mixture, the thresholds (τ_ns also as the normalised
/// losses where η crosses it) and the regions and pixels kept, relabelled and dropped.
/// </summary>
public static class NoiseModelReport
{
    /// <summary>The file name in the SCC stage's output folder.</summary>
    public const string FileName = "scc_ld.json";

    /// <summary>Histogram bins over the normalised loss range [0, 1].</summary>
    public const int Bins = 50;

    /// <summary>The summary as indented JSON.</summary>
    /// <param name="result">The decisions.</param>
    /// <param name="predictions">The regions they were made for, in the same order.</param>
    public static string Serialize(NoiseCorrectionResult result, IReadOnlyList<RegionPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(predictions);
        var estimate = result.Estimate;
        var histogram = new long[3, Bins];
        var regions = new long[3];
        var pixels = new long[3];
        long changed = 0, changedPixels = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            var d = (int)result.Decisions[i];
            var area = predictions[i].Segmentation.Area;
            histogram[d, Math.Clamp((int)(estimate.NormalizedLosses[i] * Bins), 0, Bins - 1)]++;
            regions[d]++;
            pixels[d] += area;
            if (result.Decisions[i] == RegionDecision.Relabel && predictions[i].PredictedClass != predictions[i].NoisyClass)
            {
                changed++;
                changedPixels += area;
            }
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("mode", "gmm");
            json.WriteNumber("regions", predictions.Count);
            json.WriteNumber("pixels", pixels[0] + pixels[1] + pixels[2]);
            json.WriteStartObject("loss");
            json.WriteNumber("min", estimate.LossMin);
            json.WriteNumber("max", estimate.LossMax);
            json.WriteEndObject();
            json.WriteStartObject("thresholds");
            json.WriteNumber("noise", result.NoiseThreshold);
            json.WriteNumber("correction", result.CorrectionThreshold);
            json.WriteEndObject();
            WriteMixture(json, result);
            json.WriteStartObject("histogram");
            json.WriteNumber("bins", Bins);
            foreach (var decision in Enum.GetValues<RegionDecision>())
            {
                json.WriteStartArray(Name(decision));
                for (var b = 0; b < Bins; b++)
                {
                    json.WriteNumberValue(histogram[(int)decision, b]);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteStartObject("decisions");
            foreach (var decision in Enum.GetValues<RegionDecision>())
            {
                json.WriteStartObject(Name(decision));
                json.WriteNumber("regions", regions[(int)decision]);
                json.WriteNumber("pixels", pixels[(int)decision]);
                if (decision == RegionDecision.Relabel)
                {
                    json.WriteNumber("changedRegions", changed);
                    json.WriteNumber("changedPixels", changedPixels);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The JSON name of a decision: <c>kept</c>, <c>relabelled</c>, <c>dropped</c>.</summary>
    public static string Name(RegionDecision decision) => decision switch
    {
        RegionDecision.Keep => "kept",
        RegionDecision.Relabel => "relabelled",
        RegionDecision.Drop => "dropped",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown decision."),
    };

    private static void WriteMixture(Utf8JsonWriter json, NoiseCorrectionResult result)
    {
        var estimate = result.Estimate;
        json.WriteStartObject("gmm");
        json.WriteNumber("maxIterations", result.Settings.MaxIterations);
        json.WriteNumber("tolerance", result.Settings.Tolerance);
        json.WriteNumber("regCovar", result.Settings.RegularizationCovariance);
        json.WriteString("fallback", estimate.Fallback switch
        {
            NoiseFallback.None => "none",
            NoiseFallback.NoRegions => "noRegions",
            NoiseFallback.OneRegion => "oneRegion",
            NoiseFallback.EqualLosses => "equalLosses",
            NoiseFallback.EqualMeans => "equalMeans",
            _ => throw new ArgumentOutOfRangeException(nameof(result), estimate.Fallback, "Unknown fallback."),
        });
        if (estimate.Mixture is { } mixture)
        {
            json.WriteNumber("iterations", mixture.Iterations);
            json.WriteBoolean("converged", mixture.Converged);
            json.WriteNumber("lowerBound", mixture.LowerBound);
            Array(json, "weights", mixture.Weights);
            Array(json, "means", mixture.Means);
            Array(json, "variances", mixture.Variances);
            if (estimate.NoisyComponent is { } noisy)
            {
                json.WriteNumber("noisyComponent", noisy);
                var tau = result.NoiseThreshold;
                Array(json, "noiseThresholdLosses", tau > 0 && tau < 1 ? mixture.PosteriorCrossings(noisy, tau).Where(x => x is >= 0 and <= 1).ToArray() : []);
            }
        }

        json.WriteEndObject();
    }

    private static void Array(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteNumberValue(v);
        }

        json.WriteEndArray();
    }
}
