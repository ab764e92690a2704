namespace SeCo.Host.Options;

/// <summary>One option of a stage, for <c>seco plugins</c> and the docs.</summary>
/// <param name="Name">The JSON name (camelCase).</param>
/// <param name="Type">The option type in words (integer, number, one of a|b, ...).</param>
/// <param name="DefaultJson">The default value as JSON, or null when the option is required or has no default.</param>
/// <param name="IsRequired">True when the option must be given.</param>
/// <param name="Description">The XML doc summary, when the documentation file is present.</param>
internal sealed record OptionDescription(string Name, string Type, string? DefaultJson, bool IsRequired, string? Description);
