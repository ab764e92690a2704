namespace SeCo.Host.Tests.Schema;

/// <summary>Options with a C# <c>required</c> member: no default instance exists.</summary>
public sealed record RequiredMemberOptions
{
    public required string Path { get; init; }

    public int Size { get; init; } = 4;
}
