using System.Text.Json;
using SeCo.Testing;

namespace SeCo.Host.Tests.Pipelines;

/// <summary>
/// The bundled pipelines never let target ground truth decide anything: in the target domain, ground truth leaves
/// <c>sources.synthetic</c> only on its <c>groundTruth</c> port (its images carry no ground-truth paths, see
/// Sources.Synthetic's DomainTests), and everything downstream of that port is an evaluation stage.
/// </summary>
public sealed class GroundTruthLeakageTests
{
    /// <summary>Stages that only score labels; their reports feed nothing but the run report.</summary>
    private static readonly HashSet<string> s_evaluationStages = ["eval.miou"];

    [Fact]
    public void No_training_or_labelling_stage_of_the_default_pipeline_receives_target_ground_truth()
    {
        var stages = Stages("examples/domain-shift.pipeline.json");
        var targets = stages.Where(s => s.Use == "sources.synthetic" && s.With.TryGetValue("domain", out var d) && d == "target")
            .Select(s => s.Id).ToHashSet();
        targets.Should().Contain(["target-train", "target-val"]);

        // Every stage that reads target ground truth, directly or through another stage's outputs.
        var tainted = new HashSet<string>();
        var frontier = new Queue<string>(targets.Select(t => t + ".groundTruth"));
        while (frontier.Count > 0)
        {
            var source = frontier.Dequeue();
            foreach (var stage in stages.Where(s => s.In.Values.Any(v => v == source || (!source.Contains('.') && v.StartsWith(source + ".", StringComparison.Ordinal)))))
            {
                if (tainted.Add(stage.Id))
                {
                    frontier.Enqueue(stage.Id);
                }
            }
        }

        tainted.Should().NotBeEmpty("the target is scored");
        stages.Where(s => tainted.Contains(s.Id)).Should().OnlyContain(s => s_evaluationStages.Contains(s.Use),
            "target ground truth may reach evaluation stages only");
        stages.SelectMany(s => s.In.Values).Where(v => targets.Any(t => v == t + ".labels"))
            .Should().BeEmpty("a target domain's labels port is empty and never wired");
    }

    [Fact]
    public void Unimatch_in_the_default_pipeline_gets_no_evaluation_inputs_and_is_scored_from_its_last_checkpoint()
    {
        var stages = Stages("examples/domain-shift.pipeline.json");
        var adapt = stages.Single(s => s.Use == "adapt.unimatch");
        adapt.In.Keys.Should().NotContain(["evalImages", "evalLabels"]);
        adapt.In["initial"].Should().Be("base.checkpoint");
        var predict = stages.Single(s => s.Use == "predict" && s.In.Values.Any(v => v.StartsWith(adapt.Id + ".", StringComparison.Ordinal)));
        predict.In["checkpoint"].Should().Be(adapt.Id + ".last");
        stages.Single(s => s.Id == "eval-adapted").In["labels"].Should().Be(predict.Id + ".predictions");
    }

    [Fact]
    public void Evaluation_stages_declare_what_they_score()
    {
        foreach (var file in new[] { "examples/domain-shift.pipeline.json", "examples/ablation.pipeline.json" })
        {
            var evals = Stages(file).Where(s => s.Use == "eval.miou").ToList();
            evals.Should().NotBeEmpty();
            evals.Should().OnlyContain(s => s.With.ContainsKey("name") && (s.With["scores"] == "pseudoLabels" || s.With["scores"] == "predictions"), file);
        }
    }

    private sealed record StageEntry(string Id, string Use, IReadOnlyDictionary<string, string> In, IReadOnlyDictionary<string, string> With);

    private static List<StageEntry> Stages(string relativePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenData.RepositoryRoot, relativePath)),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.GetProperty("stages").EnumerateArray().Select(s => new StageEntry(
            s.GetProperty("id").GetString()!,
            s.GetProperty("use").GetString()!,
            s.TryGetProperty("in", out var inputs) ? inputs.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!) : new Dictionary<string, string>(),
            s.TryGetProperty("with", out var with) ? with.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString()) : new Dictionary<string, string>()))
            .ToList();
    }
}
