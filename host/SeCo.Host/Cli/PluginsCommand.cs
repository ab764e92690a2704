using SeCo.Host.Options;
using SeCo.Host.Plugins;
using Spectre.Console;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco plugins</c>: every stage with its plugin and version, description, ports (types, optional)
/// and options (type, default, description from the plugin's XML documentation file when present).
/// </summary>
internal static class PluginsCommand
{
    public static int Execute(CliSession session)
    {
        var stages = session.Catalog.Stages.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        if (stages.Count == 0)
        {
            session.Text.WriteLine("No stages found. Put plugin folders under <seco folder>/plugins, or pass --plugins DIR / set SECO_PLUGINS.");
            return ExitCodes.Success;
        }

        // The loader already read each plugin's XML docs; stages built in-process (tests) and shared assemblies
        // (an option inherited from SeCo.Vision) are read from the file beside their assembly.
        var documentation = new DocumentationLookup(stages);
        foreach (var stage in stages)
        {
            Render(session.Out, stage, documentation);
        }

        return ExitCodes.Success;
    }

    private static void Render(IAnsiConsole console, StageDescriptor stage, DocumentationLookup docs)
    {
        console.MarkupLine($"[bold]{Markup.Escape(stage.Id)}[/]  [grey]{Markup.Escape(stage.Plugin.Name)} {Markup.Escape(stage.Plugin.Version)}{(stage.Attribute.UsesDevice ? ", uses the device" : "")}{(stage.Attribute.Shardable ? ", shardable" : "")}[/]");
        if ((stage.Attribute.Description ?? docs.SummaryOf(stage.StageType)) is { } description)
        {
            console.WriteLine("  " + description);
        }

        var ports = new Table().Border(TableBorder.Simple).AddColumns("port", "direction", "type", "description");
        foreach (var port in stage.Ports)
        {
            ports.AddRow(
                Markup.Escape(port.Name),
                port.Direction == Sdk.Stages.PortDirection.Input ? (port.IsOptional ? "input (optional)" : "input") : "output",
                Markup.Escape(port.ArtifactType.Name),
                Markup.Escape(port.Description ?? ""));
        }

        console.Write(ports);
        var options = OptionsDescriber.Describe(stage.OptionsType, docs);
        if (options.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns("option", "type", "default", "description");
            foreach (var option in options)
            {
                table.AddRow(
                    Markup.Escape(option.Name),
                    Markup.Escape(option.Type),
                    Markup.Escape(option.IsRequired ? "(required)" : option.DefaultJson ?? ""),
                    Markup.Escape(option.Description ?? ""));
            }

            console.Write(table);
        }

        console.WriteLine();
    }
}
