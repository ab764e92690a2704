using System.ComponentModel.DataAnnotations;

namespace SeCo.Host.Tests.Stages;

/// <summary>Options with every kind of check the binder runs.</summary>
public sealed record TransformOptions : IValidatableObject
{
    /// <summary>How many times to repeat the text.</summary>
    [Range(1, 10)]
    public int Factor { get; init; } = 2;

    [Required]
    public string Name { get; init; } = "t";

    public TransformMode Mode { get; init; } = TransformMode.Fast;

    public NestedOptions Nested { get; init; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Factor == 7)
        {
            yield return new ValidationResult("A factor of 7 is not allowed together with any name.", [nameof(Factor)]);
        }
    }
}
