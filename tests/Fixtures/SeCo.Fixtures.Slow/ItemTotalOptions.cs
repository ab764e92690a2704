namespace SeCo.Fixtures.Slow;

/// <summary>Options of <see cref="ItemTotalStage"/>.</summary>
public sealed record ItemTotalOptions
{
    /// <summary>Text written before the total.</summary>
    public string Label { get; init; } = "total: ";
}
