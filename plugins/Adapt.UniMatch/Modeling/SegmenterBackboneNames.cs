using System.Reflection;
using System.Text.Json.Serialization;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>The architecture name of a <see cref="SegmenterBackbone"/>: its JSON name, declared once on the enum.</summary>
public static class SegmenterBackboneNames
{
    /// <summary>The name pipelines and checkpoints use for <paramref name="backbone"/> (<c>resnet101</c>, <c>resnet50</c>, <c>tiny</c>).</summary>
    public static string Name(this SegmenterBackbone backbone) =>
        typeof(SegmenterBackbone).GetField(backbone.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
        ?? throw new ArgumentOutOfRangeException(nameof(backbone), backbone, "Not a declared backbone.");
}
