using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SeCo.Host.Options;

/// <summary>
/// The summaries of an assembly's XML documentation file (<c>&lt;Assembly&gt;.xml</c> beside the dll),
/// used as the descriptions of stages and options. Record parameters documented with
/// <c>&lt;param&gt;</c> on the type count for the matching property.
/// </summary>
internal sealed partial class XmlDocComments
{
    private readonly Dictionary<string, XElement> _members;

    private XmlDocComments(Dictionary<string, XElement> members) => _members = members;

    /// <summary>An instance without any documentation.</summary>
    public static XmlDocComments Empty { get; } = new(new Dictionary<string, XElement>());

    /// <summary>Reads the documentation file beside <paramref name="assembly"/>; empty when there is none.</summary>
    public static XmlDocComments ForAssembly(Assembly assembly)
    {
        if (string.IsNullOrEmpty(assembly.Location))
        {
            return Empty;
        }

        var path = Path.ChangeExtension(assembly.Location, ".xml");
        return File.Exists(path) ? Load(path) : Empty;
    }

    /// <summary>Reads a documentation file.</summary>
    public static XmlDocComments Load(string path)
    {
        var members = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            if (member.Attribute("name")?.Value is { } name)
            {
                members[name] = member;
            }
        }

        return new XmlDocComments(members);
    }

    /// <summary>The summary of a type, or null.</summary>
    public string? GetSummary(Type type) => Text(Member($"T:{Name(type)}")?.Element("summary"));

    /// <summary>The summary of a property, else the record parameter of the same name, or null.</summary>
    public string? GetSummary(PropertyInfo property)
    {
        var declaring = property.DeclaringType!;
        return Text(Member($"P:{Name(declaring)}.{property.Name}")?.Element("summary"))
            ?? Text(Member($"T:{Name(declaring)}")?.Elements("param").FirstOrDefault(p => p.Attribute("name")?.Value == property.Name));
    }

    private XElement? Member(string name) => _members.GetValueOrDefault(name);

    private static string Name(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    private static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            builder.Append(node switch
            {
                XText text => text.Value,
                XElement { Name.LocalName: "see" or "seealso" } see =>
                    see.Attribute("cref")?.Value is { } cref ? cref[(cref.LastIndexOfAny([':', '.']) + 1)..] : see.Attribute("langword")?.Value ?? see.Value,
                XElement { Name.LocalName: "paramref" or "typeparamref" } reference => reference.Attribute("name")?.Value ?? "",
                XElement other => other.Value,
                _ => "",
            });
        }

        var collapsed = Whitespace().Replace(builder.ToString(), " ").Trim();
        return collapsed.Length == 0 ? null : collapsed;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
