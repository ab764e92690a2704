using SeCo.Host.Schema;
using SeCo.Sdk.IO;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco schema [--out FILE]</c>: the JSON Schema of <c>pipeline.json</c> for the loaded plugins, written
/// atomically to FILE or printed. Pipelines point editors at it with <c>"$schema": "./pipeline.schema.json"</c>.
/// </summary>
internal static class SchemaCommand
{
    public static int Execute(CliSession session)
    {
        if (session.Catalog.Stages.Count == 0)
        {
            session.Error.WriteLine("Warning: no stages are installed; the schema allows no stage ids. Pass --plugins DIR or set SECO_PLUGINS.");
        }

        var text = SchemaText.Json(PipelineSchemaGenerator.Generate(session.Catalog));
        if (session.CommandLine.Out is not { } outArgument)
        {
            session.Text.Write(text);
            return ExitCodes.Success;
        }

        var path = Path.GetFullPath(outArgument);
        WriteFile(path, text);
        session.Text.WriteLine($"Wrote {outArgument}: the schema of pipeline.json for {session.Catalog.Stages.Count} stages.");
        return ExitCodes.Success;
    }

    /// <summary>Writes a generated file atomically, creating its folder.</summary>
    internal static void WriteFile(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllBytes(path, SchemaText.Utf8.GetBytes(text));
    }
}
