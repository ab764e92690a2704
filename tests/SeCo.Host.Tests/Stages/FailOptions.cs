namespace SeCo.Host.Tests.Stages;

public sealed record FailOptions
{
    /// <summary>True: throw a SeCoInputException (a user mistake); false: a plain exception (a bug).</summary>
    public bool InputError { get; init; } = true;
}
