using System.Reflection;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Plugins;

/// <summary>Everything the host knows about one stage type: id, ports, options, origin.</summary>
internal sealed class StageDescriptor
{
    /// <summary>Creates a descriptor; <see cref="FromType(Type, PluginInfo)"/> builds one from a stage type.</summary>
    public StageDescriptor(Type stageType, StageAttribute attribute, Type optionsType, IReadOnlyList<PortDescriptor> ports, PluginInfo plugin)
    {
        StageType = stageType;
        Attribute = attribute;
        OptionsType = optionsType;
        Ports = ports;
        Plugin = plugin;
    }

    /// <summary>The stage id (<c>use</c> in pipeline.json).</summary>
    public string Id => Attribute.Id;

    /// <summary>The type implementing <see cref="IStage{TOptions}"/>.</summary>
    public Type StageType { get; }

    /// <summary>The stage attribute (id, description, UsesDevice).</summary>
    public StageAttribute Attribute { get; }

    /// <summary>The options record type.</summary>
    public Type OptionsType { get; }

    /// <summary>All ports, inputs and outputs, in declaration order.</summary>
    public IReadOnlyList<PortDescriptor> Ports { get; }

    /// <summary>The plugin the stage came from.</summary>
    public PluginInfo Plugin { get; }

    /// <summary>
    /// The XML documentation of the plugin assembly: summaries of the stage, its options type and their
    /// properties (<see cref="XmlDocumentation.Empty"/> when the plugin ships no <c>&lt;Name&gt;.xml</c>).
    /// </summary>
    public XmlDocumentation Documentation { get; init; } = XmlDocumentation.Empty;

    /// <summary>The input ports, in declaration order.</summary>
    public IEnumerable<PortDescriptor> Inputs => Ports.Where(p => p.Direction == PortDirection.Input);

    /// <summary>The output ports, in declaration order.</summary>
    public IEnumerable<PortDescriptor> Outputs => Ports.Where(p => p.Direction == PortDirection.Output);

    /// <summary>
    /// Builds a descriptor from a stage type: finds its <see cref="IStage{TOptions}"/> interface and its
    /// public static <see cref="PortDescriptor"/> fields.
    /// </summary>
    public static StageDescriptor FromType(Type stageType, PluginInfo plugin) => FromType(stageType, plugin, XmlDocumentation.Empty);

    /// <summary>Builds a descriptor from a stage type, with the documentation of its plugin assembly.</summary>
    public static StageDescriptor FromType(Type stageType, PluginInfo plugin, XmlDocumentation documentation)
    {
        var attribute = stageType.GetCustomAttribute<StageAttribute>()
            ?? throw new ArgumentException($"{stageType.FullName} has no [Stage] attribute.", nameof(stageType));
        var stageInterface = stageType.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStage<>))
            ?? throw new ArgumentException($"{stageType.FullName} does not implement IStage<TOptions>.", nameof(stageType));
        var ports = stageType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(PortDescriptor).IsAssignableFrom(f.FieldType))
            .OrderBy(f => f.MetadataToken)
            .Select(f => (PortDescriptor)f.GetValue(null)!)
            .ToList();
        return new StageDescriptor(stageType, attribute, stageInterface.GetGenericArguments()[0], ports, plugin)
        {
            Documentation = documentation,
        };
    }
}
