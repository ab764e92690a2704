using System.Reflection;
using SeCo.Host.Plugins;

namespace SeCo.Host.Schema;

/// <summary>
/// The XML documentation of the assemblies that stages and their option types come from, read once per
/// assembly: the plugin loader's copy when it has one, otherwise the <c>&lt;Assembly&gt;.xml</c> beside the assembly.
/// </summary>
internal sealed class DocumentationLookup
{
    private readonly Dictionary<Assembly, XmlDocumentation> _byAssembly = [];

    /// <summary>Creates the lookup, seeded with the documentation the loader read for each stage.</summary>
    public DocumentationLookup(IEnumerable<StageDescriptor> stages)
    {
        foreach (var stage in stages)
        {
            if (stage.Documentation.Count > 0)
            {
                _byAssembly.TryAdd(stage.StageType.Assembly, stage.Documentation);
            }
        }
    }

    /// <summary>The documentation of the assembly declaring <paramref name="type"/>.</summary>
    public XmlDocumentation For(Type type)
    {
        if (!_byAssembly.TryGetValue(type.Assembly, out var documentation))
        {
            documentation = XmlDocumentation.ForAssembly(type.Assembly);
            _byAssembly.Add(type.Assembly, documentation);
        }

        return documentation;
    }

    /// <summary>The summary of a property (from the assembly declaring it), or null.</summary>
    public string? SummaryOf(PropertyInfo property) => For(property.DeclaringType!).GetSummary(property);

    /// <summary>The summary of a type, or null.</summary>
    public string? SummaryOf(Type type) => For(type).GetSummary(type);
}
