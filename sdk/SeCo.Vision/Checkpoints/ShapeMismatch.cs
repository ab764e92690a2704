namespace SeCo.Vision.Checkpoints;

/// <summary>A checkpoint tensor whose shape differs from the module's parameter or buffer of the same name.</summary>
/// <param name="Name">The key.</param>
/// <param name="Expected">The module's shape.</param>
/// <param name="Actual">The checkpoint's shape.</param>
public sealed record ShapeMismatch(string Name, IReadOnlyList<long> Expected, IReadOnlyList<long> Actual)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: module [{string.Join(", ", Expected)}], checkpoint [{string.Join(", ", Actual)}]";
}
