using System.Reflection;

namespace SeCo.Host.Plugins;

/// <summary>
/// The XML documentation of the assemblies that stages and their option types come from, read once per
/// assembly: the plugin loader's copy when it has one, otherwise the <c>&lt;Assembly&gt;.xml</c> beside the assembly.
/// A member is described from the assembly that declares it, so an option a stage's options record inherits from a
/// shared record (e.g. SeCo.Vision's <c>ThresholdOptions</c>) keeps its documentation.
/// </summary>
internal sealed class DocumentationLookup
{
    private readonly Dictionary<Assembly, XmlDocumentation> _byAssembly = [];

    /// <summary>Creates the lookup, seeded with the documentation the loader read for each stage.</summary>
    public DocumentationLookup(IEnumerable<StageDescriptor> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        foreach (var stage in stages)
        {
            if (stage.Documentation.Count > 0)
            {
                _byAssembly.TryAdd(stage.StageType.Assembly, stage.Documentation);
            }
        }
    }

    /// <summary>A lookup that takes <paramref name="documentation"/> for <paramref name="assembly"/> and reads every other assembly's file.</summary>
    public static DocumentationLookup Of(Assembly assembly, XmlDocumentation documentation)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(documentation);
        var lookup = new DocumentationLookup([]);
        lookup._byAssembly.Add(assembly, documentation);
        return lookup;
    }

    /// <summary>The documentation of the assembly declaring <paramref name="type"/>.</summary>
    public XmlDocumentation For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!_byAssembly.TryGetValue(type.Assembly, out var documentation))
        {
            documentation = XmlDocumentation.ForAssembly(type.Assembly);
            _byAssembly.Add(type.Assembly, documentation);
        }

        return documentation;
    }

    /// <summary>The summary of a property (from the assembly declaring it), or null.</summary>
    public string? SummaryOf(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return For(property.DeclaringType!).GetSummary(property);
    }

    /// <summary>The summary of a type, or null.</summary>
    public string? SummaryOf(Type type) => For(type).GetSummary(type);
}
