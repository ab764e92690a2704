namespace SeCo.Host.Plugins;

/// <summary>The stages known to the host, by id.</summary>
internal sealed class StageCatalog
{
    private readonly Dictionary<string, StageDescriptor> _stages;

    /// <summary>Creates the catalog.</summary>
    /// <exception cref="PluginLoadException">Two stages share an id; the message names both plugins and types.</exception>
    public StageCatalog(IEnumerable<StageDescriptor> stages)
    {
        _stages = new Dictionary<string, StageDescriptor>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            if (_stages.TryGetValue(stage.Id, out var existing))
            {
                throw new PluginLoadException(
                    $"Stage id '{stage.Id}' is declared twice: by {existing.Plugin.Name} ({existing.StageType.FullName}) and by {stage.Plugin.Name} ({stage.StageType.FullName}).");
            }

            _stages.Add(stage.Id, stage);
        }
    }

    /// <summary>
    /// The <see cref="SeCo.Sdk.Stages.IPluginStartup"/> instances of the plugins the stages came from; the runner
    /// lets them register services before creating stages.
    /// </summary>
    public IReadOnlyList<SeCo.Sdk.Stages.IPluginStartup> Startups { get; init; } = [];

    /// <summary>Every stage.</summary>
    public IReadOnlyCollection<StageDescriptor> Stages => _stages.Values;

    /// <summary>Finds a stage by id (ordinal comparison).</summary>
    public bool TryGet(string id, out StageDescriptor stage) => _stages.TryGetValue(id, out stage!);
}
