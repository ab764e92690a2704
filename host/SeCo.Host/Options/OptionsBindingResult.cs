namespace SeCo.Host.Options;

/// <summary>The bound options object (null when binding failed) and every problem found.</summary>
internal sealed record OptionsBindingResult(object? Options, IReadOnlyList<OptionError> Errors)
{
    public bool Succeeded => Options is not null && Errors.Count == 0;
}
