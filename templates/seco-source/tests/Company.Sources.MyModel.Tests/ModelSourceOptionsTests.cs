using System.ComponentModel.DataAnnotations;

namespace Company.Sources.MyModel.Tests;

public sealed class ModelSourceOptionsTests
{
    /// <summary>Validates the way the host does before a stage runs: attributes, then <see cref="IValidatableObject"/>.</summary>
    private static List<ValidationResult> Validate(ModelSourceOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_with_a_checkpoint_are_valid() =>
        Validate(new ModelSourceOptions { Checkpoint = "model.pth" }).Should().BeEmpty();

    [Fact]
    public void A_missing_checkpoint_is_refused() =>
        Validate(new ModelSourceOptions()).Should().ContainSingle().Which.MemberNames.Should().Equal(nameof(ModelSourceOptions.Checkpoint));

    [Fact]
    public void A_threshold_above_one_is_refused() =>
        Validate(new ModelSourceOptions { Checkpoint = "model.pth", Threshold = 1.5 }).Should().ContainSingle()
            .Which.MemberNames.Should().Equal(nameof(ModelSourceOptions.Threshold));

    [Fact]
    public void A_zero_standard_deviation_is_refused() =>
        Validate(new ModelSourceOptions { Checkpoint = "model.pth", Std = [0.2, 0.0, 0.2] }).Should().ContainSingle()
            .Which.ErrorMessage.Should().Contain("positive");

    [Fact]
    public void A_mean_without_three_channels_is_refused() =>
        Validate(new ModelSourceOptions { Checkpoint = "model.pth", Mean = [0.5] }).Should().ContainSingle()
            .Which.MemberNames.Should().Equal(nameof(ModelSourceOptions.Mean));
}
