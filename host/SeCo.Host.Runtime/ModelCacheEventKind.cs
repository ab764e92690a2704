namespace SeCo.Host.Runtime;

/// <summary>What happened to a model in a <see cref="ModelCache"/>.</summary>
public enum ModelCacheEventKind
{
    /// <summary>The factory ran: the model was not cached and is now.</summary>
    Loaded,

    /// <summary>The model was already cached; the factory did not run.</summary>
    Reused,

    /// <summary>The model left the cache to stay within the memory budget (or was evicted explicitly).</summary>
    Evicted,
}
