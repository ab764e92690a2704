namespace SeCo.Host.Runtime;

/// <summary>A model was loaded into, reused from or evicted from a <see cref="ModelCache"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Key">The cache key of the model.</param>
/// <param name="Bytes">The model's estimated size (<see cref="ModelSize.Estimate"/>).</param>
/// <param name="LoadTime">How long the factory ran (<see cref="ModelCacheEventKind.Loaded"/> only; zero otherwise).</param>
/// <param name="CachedBytes">The estimated size of everything cached after the event.</param>
/// <param name="BudgetBytes">The cache's memory budget.</param>
public sealed record ModelCacheEvent(ModelCacheEventKind Kind, string Key, long Bytes, TimeSpan LoadTime, long CachedBytes, long BudgetBytes);
