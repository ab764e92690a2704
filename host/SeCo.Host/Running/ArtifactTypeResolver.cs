using System.Reflection;
using SeCo.Host.Plugins;
using SeCo.Sdk.Artifacts;

namespace SeCo.Host.Running;

/// <summary>
/// Finds an artifact type from the full name stored in a manifest: in the SDK, the plugin assemblies
/// and the assemblies declaring port types (plugins live in their own load contexts, so
/// <see cref="Type.GetType(string)"/> would not see them).
/// </summary>
internal sealed class ArtifactTypeResolver
{
    private readonly List<Assembly> _assemblies;

    public ArtifactTypeResolver(StageCatalog catalog)
    {
        _assemblies = new[] { typeof(Artifact).Assembly }
            .Concat(catalog.Stages.Select(s => s.StageType.Assembly))
            .Concat(catalog.Stages.SelectMany(s => s.Ports).Select(p => p.ArtifactType.Assembly))
            .Distinct()
            .ToList();
    }

    public Type? Resolve(string fullName)
    {
        foreach (var assembly in _assemblies)
        {
            if (assembly.GetType(fullName, throwOnError: false) is { } type && typeof(Artifact).IsAssignableFrom(type))
            {
                return type;
            }
        }

        return null;
    }
}
