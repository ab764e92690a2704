using System.Text;

namespace SeCo.Host.Planning;

/// <summary>Writes a pipeline's DAG as a Mermaid <c>flowchart LR</c>, with port names on the edges.</summary>
internal static class MermaidWriter
{
    public static string Write(PipelinePlan plan)
    {
        var builder = new StringBuilder();
        builder.Append("flowchart LR\n");
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stage in plan.Definition.Stages)
        {
            var node = $"n{ids.Count}";
            ids[stage.Id] = node;
            builder.Append($"    {node}[\"{Escape(stage.Id)}<br/><small>{Escape(stage.Use)}</small>\"]\n");
        }

        foreach (var stage in plan.Stages)
        {
            foreach (var input in stage.Inputs)
            {
                var label = input.SourcePort == input.Port ? input.Port : $"{input.SourcePort} → {input.Port}";
                builder.Append($"    {ids[input.SourceStage]} -->|\"{Escape(label)}\"| {ids[stage.Id]}\n");
            }
        }

        return builder.ToString();
    }

    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal).Replace(">", "#gt;", StringComparison.Ordinal);
}
