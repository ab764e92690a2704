namespace SeCo.Vision.Checkpoints;

/// <summary>
/// An allow-listed Python object that carries no tensors and is kept opaque (for example an
/// <c>argparse.Namespace</c> of training arguments, a numpy array, a <c>slice</c>, or a numpy scalar
/// of an unusual dtype). Nothing of it is executed; it only records what the pickle said.
/// </summary>
public sealed class PickleObject
{
    /// <summary>Creates the record.</summary>
    public PickleObject(string typeName, IReadOnlyList<object?> arguments)
    {
        TypeName = typeName;
        Arguments = arguments;
    }

    /// <summary>The Python type, e.g. <c>argparse.Namespace</c>.</summary>
    public string TypeName { get; }

    /// <summary>The constructor arguments the pickle gave.</summary>
    public IReadOnlyList<object?> Arguments { get; }

    /// <summary>The state the pickle set with BUILD (for a Namespace, a <see cref="PickleDict"/> of its fields), if any.</summary>
    public object? State { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => $"<{TypeName}>";
}
