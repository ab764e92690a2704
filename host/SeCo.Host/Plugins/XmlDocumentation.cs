using System.Reflection;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace SeCo.Host.Plugins;

/// <summary>
/// The XML documentation file the C# compiler writes next to an assembly (<c>&lt;Assembly&gt;.xml</c>):
/// gives the <c>&lt;summary&gt;</c> of types and properties as plain text, for <c>seco plugins</c> and the
/// options schema.
/// </summary>
internal sealed class XmlDocumentation
{
    private readonly Dictionary<string, XElement> _members;

    private XmlDocumentation(Dictionary<string, XElement> members) => _members = members;

    /// <summary>Documentation with no members (an assembly shipped without its XML file).</summary>
    public static XmlDocumentation Empty { get; } = new(new Dictionary<string, XElement>(StringComparer.Ordinal));

    /// <summary>The number of documented members.</summary>
    public int Count => _members.Count;

    /// <summary>Reads the documentation file next to an assembly, or <see cref="Empty"/> when there is none.</summary>
    /// <exception cref="XmlException">The file exists but is not well-formed XML.</exception>
    public static XmlDocumentation ForAssembly(Assembly assembly)
    {
        if (string.IsNullOrEmpty(assembly.Location))
        {
            return Empty;
        }

        var path = Path.ChangeExtension(assembly.Location, ".xml");
        return File.Exists(path) ? Load(path) : Empty;
    }

    /// <summary>Reads a documentation file.</summary>
    /// <exception cref="XmlException">The file is not well-formed XML.</exception>
    public static XmlDocumentation Load(string path)
    {
        using var stream = File.OpenRead(path);
        return From(XDocument.Load(stream));
    }

    /// <summary>Parses documentation XML text.</summary>
    /// <exception cref="XmlException">The text is not well-formed XML.</exception>
    public static XmlDocumentation Parse(string xml) => From(XDocument.Parse(xml));

    /// <summary>The summary of a type, or null when it has none.</summary>
    public string? GetSummary(Type type) => SummaryOf(TypeId(type));

    /// <summary>
    /// The summary of a property, or null when it has none. A property of a positional record without
    /// its own summary takes the record's <c>&lt;param&gt;</c> text.
    /// </summary>
    public string? GetSummary(PropertyInfo property)
    {
        var declaringType = property.DeclaringType ?? throw new ArgumentException("The property has no declaring type.", nameof(property));
        var summary = SummaryOf($"P:{TypeName(declaringType)}.{property.Name}");
        if (summary is not null)
        {
            return summary;
        }

        if (!_members.TryGetValue(TypeId(declaringType), out var typeMember))
        {
            return null;
        }

        var parameter = typeMember.Elements("param")
            .FirstOrDefault(p => string.Equals((string?)p.Attribute("name"), property.Name, StringComparison.OrdinalIgnoreCase));
        return parameter is null ? null : ToText(parameter);
    }

    private static XmlDocumentation From(XDocument document)
    {
        var members = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var member in document.Descendants("member"))
        {
            if ((string?)member.Attribute("name") is { Length: > 0 } name)
            {
                members[name] = member;
            }
        }

        return new XmlDocumentation(members);
    }

    private string? SummaryOf(string memberId) =>
        _members.TryGetValue(memberId, out var member) && member.Element("summary") is { } summary ? ToText(summary) : null;

    private static string TypeId(Type type) => "T:" + TypeName(type);

    // Documentation ids write nested types with '.' where reflection writes '+'; generic arity stays (`1).
    private static string TypeName(Type type) =>
        (type.IsGenericType && !type.IsGenericTypeDefinition ? type.GetGenericTypeDefinition() : type).FullName!.Replace('+', '.');

    private static string? ToText(XElement element)
    {
        var builder = new StringBuilder();
        AppendText(element, builder);
        var text = string.Join(' ', builder.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length == 0 ? null : text;
    }

    private static void AppendText(XElement element, StringBuilder builder)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    builder.Append(text.Value);
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } reference:
                    builder.Append(ReferenceText(reference));
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } parameter:
                    builder.Append((string?)parameter.Attribute("name"));
                    break;
                case XElement { Name.LocalName: "para" or "br" } paragraph:
                    builder.Append(' ');
                    AppendText(paragraph, builder);
                    builder.Append(' ');
                    break;
                case XElement other:
                    AppendText(other, builder);
                    break;
            }
        }
    }

    private static string ReferenceText(XElement reference)
    {
        if (!reference.IsEmpty && reference.Value.Length > 0)
        {
            return reference.Value;
        }

        if ((string?)reference.Attribute("langword") is { } langword)
        {
            return langword;
        }

        if ((string?)reference.Attribute("href") is { } href)
        {
            return href;
        }

        // "T:SeCo.Sdk.Artifacts.Report" → "Report"; "M:Ns.Type.Run(System.Int32)" → "Run"; "T:Ns.Port`1" → "Port".
        var cref = (string?)reference.Attribute("cref") ?? "";
        var colon = cref.IndexOf(':');
        var name = colon >= 0 ? cref[(colon + 1)..] : cref;
        var parenthesis = name.IndexOf('(');
        if (parenthesis >= 0)
        {
            name = name[..parenthesis];
        }

        name = name[(name.LastIndexOf('.') + 1)..];
        var tick = name.IndexOf('`');
        return tick >= 0 ? name[..tick] : name;
    }
}
