using SeCo.Host.Schema;
using SeCo.Sdk.Errors;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco docs [--out docs/pipeline.md] [--schema-out pipeline.schema.json]</c>: regenerates the pipeline
/// reference and the JSON Schema from the loaded plugins. The Markdown's hand-written text (introduction,
/// recipes) is kept; only its generated parts are rewritten. Run from the repository root, it updates the
/// checked-in files the tests compare against.
/// </summary>
internal static class DocsCommand
{
    public static int Execute(CliSession session)
    {
        var markdownArgument = session.CommandLine.Out ?? PipelineReferenceWriter.DefaultPath;
        var schemaArgument = session.CommandLine.SchemaOut ?? PipelineSchemaGenerator.FileName;
        var markdownPath = Path.GetFullPath(markdownArgument);
        var schemaPath = Path.GetFullPath(schemaArgument);
        if (session.Catalog.Stages.Count == 0)
        {
            session.Error.WriteLine("Warning: no stages are installed; the reference lists none. Pass --plugins DIR or set SECO_PLUGINS.");
        }

        PipelineReference reference;
        try
        {
            var existing = File.Exists(markdownPath) ? File.ReadAllText(markdownPath) : null;
            reference = PipelineReference.Generate(session.Catalog, existing, markdownPath);
        }
        catch (SeCoInputException ex)
        {
            session.Error.WriteLine(ex.Describe());
            return ExitCodes.InvalidUsage;
        }

        SchemaCommand.WriteFile(schemaPath, reference.SchemaJson);
        SchemaCommand.WriteFile(markdownPath, reference.Markdown);
        session.Text.WriteLine($"Wrote {markdownArgument} and {schemaArgument} for {session.Catalog.Stages.Count} stages.");
        return ExitCodes.Success;
    }
}
