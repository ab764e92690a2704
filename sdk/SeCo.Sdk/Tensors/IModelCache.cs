namespace SeCo.Sdk.Tensors;

/// <summary>
/// Keeps loaded models between stage runs (a SAM ViT-H is loaded once per daemon, not once per run).
/// Entries that implement <see cref="IDisposable"/> are disposed when evicted or when the cache is.
/// </summary>
public interface IModelCache
{
    /// <summary>Returns the cached object for <paramref name="key"/>, creating it once with <paramref name="factory"/>.</summary>
    /// <param name="key">Identifies the model, e.g. <c>sam:vit_h:/models/sam_vit_h.pth:cuda</c>.</param>
    /// <param name="factory">Creates the object when absent.</param>
    T GetOrCreate<T>(string key, Func<T> factory) where T : class;

    /// <summary>Removes and disposes an entry; false when absent.</summary>
    bool Evict(string key);

    /// <summary>The keys currently cached.</summary>
    IReadOnlyCollection<string> Keys { get; }
}
