using SeCo.Host.Plugins;

namespace SeCo.Host.Schema;

/// <summary>
/// The generated reference of <c>pipeline.json</c> for a stage catalog: the JSON Schema text and the Markdown
/// document, both from one generated schema so they cannot disagree. <c>seco docs</c> writes them; the tests
/// compare them with the checked-in <c>pipeline.schema.json</c> and <c>docs/pipeline.md</c>.
/// </summary>
/// <param name="SchemaJson">The text of <c>pipeline.schema.json</c>.</param>
/// <param name="Markdown">The text of <c>docs/pipeline.md</c>.</param>
internal sealed record PipelineReference(string SchemaJson, string Markdown)
{
    /// <summary>Generates both files; <paramref name="existingMarkdown"/> supplies the hand-written parts (null: a skeleton).</summary>
    /// <exception cref="SeCo.Sdk.Errors.SeCoInputException">The existing Markdown lacks a generated-part marker pair.</exception>
    public static PipelineReference Generate(StageCatalog catalog, string? existingMarkdown, string markdownPath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var schema = PipelineSchemaGenerator.Generate(catalog);
        return new PipelineReference(
            SchemaText.Json(schema),
            PipelineReferenceWriter.Write(existingMarkdown, markdownPath, schema, catalog.Stages));
    }
}
