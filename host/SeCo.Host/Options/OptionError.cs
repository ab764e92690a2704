namespace SeCo.Host.Options;

/// <summary>A problem with one option: the path inside the <c>with</c> object and what is wrong.</summary>
/// <param name="Parts">Property names (strings) and array indices (ints) from the <c>with</c> object down; empty for the object itself.</param>
/// <param name="Message">What is wrong and what was expected.</param>
/// <param name="AtKey">True when the error points at the property name (unknown keys), false for the value.</param>
internal sealed record OptionError(IReadOnlyList<object> Parts, string Message, bool AtKey = false);
