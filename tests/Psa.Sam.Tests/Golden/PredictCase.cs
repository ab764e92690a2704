using System.Text.Json;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;

namespace Psa.Sam.Tests.Golden;

/// <summary>One entry of a golden <c>predict_cases.json</c>.</summary>
internal sealed record PredictCase(string Folder, string Name, SamPoint[] Points, SamBox? Box, bool UsesMaskInput, bool MultimaskOutput, bool ReturnLogits, string File)
{
    public override string ToString() => $"{Folder}/{Name}";

    public static IEnumerable<PredictCase> Read(string folder)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(GoldenData.PathOf("sam", folder, "predict_cases.json")));
        foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var points = Array.Empty<SamPoint>();
            if (c.GetProperty("point_coords").ValueKind == JsonValueKind.Array)
            {
                var coords = c.GetProperty("point_coords").EnumerateArray().ToArray();
                var labels = c.GetProperty("point_labels").EnumerateArray().ToArray();
                points = coords.Select((p, i) => new SamPoint(p[0].GetDouble(), p[1].GetDouble(), labels[i].GetInt32())).ToArray();
            }

            SamBox? box = null;
            if (c.GetProperty("box").ValueKind == JsonValueKind.Array)
            {
                var b = c.GetProperty("box").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                box = new SamBox(b[0], b[1], b[2], b[3]);
            }

            yield return new PredictCase(
                folder,
                c.GetProperty("name").GetString()!,
                points,
                box,
                c.GetProperty("mask_input").ValueKind == JsonValueKind.String,
                c.GetProperty("multimask_output").GetBoolean(),
                c.TryGetProperty("return_logits", out var rl) && rl.GetBoolean(),
                c.GetProperty("file").GetString()!);
        }
    }
}
