using System.Text.Json;
using Json.Schema;

namespace SeCo.Host.Tests.Schema;

/// <summary>Evaluates pipeline documents against a generated schema with JsonSchema.Net, as an editor would.</summary>
internal sealed class SchemaCheck
{
    private static readonly JsonDocumentOptions s_pipelineJson = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private readonly JsonSchema _schema;

    public SchemaCheck(string schemaJson)
    {
        // A registry of its own per schema: every generated schema has the same (absent) $id.
        _schema = JsonSchema.FromText(schemaJson, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    /// <summary>Every failed assertion: <c>instance location: keyword: message</c>; empty when the document is valid.</summary>
    public IReadOnlyList<string> Errors(string pipelineJson)
    {
        using var document = JsonDocument.Parse(pipelineJson, s_pipelineJson);
        var results = _schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        foreach (var detail in results.Details ?? [])
        {
            // Failures under "if" choose a branch and failures under "not" are what "not" wants: neither is an error.
            var path = detail.EvaluationPath.ToString().Split('/');
            if (path.Contains("if") || path.Contains("not"))
            {
                continue;
            }

            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                // The "false" schema (additionalProperties: false) reports an empty keyword.
                errors.Add($"{detail.InstanceLocation}: {(keyword.Length == 0 ? "false" : keyword)}: {message}");
            }
        }

        return errors.Count == 0 ? ["(invalid without a detailed error)"] : errors;
    }
}
