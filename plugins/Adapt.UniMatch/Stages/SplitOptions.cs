using System.ComponentModel.DataAnnotations;
using SeCo.Plugins.Adapt.UniMatch.Splitting;
using SeCo.Sdk.Stages;

namespace SeCo.Plugins.Adapt.UniMatch.Stages;

/// <summary>Options of <see cref="SplitStage"/>; bound from the stage's "with" object.</summary>
public sealed record SplitOptions : IValidatableObject
{
    /// <summary>
    /// How labelled images are chosen (SeCo does not publish its rule): <c>survivingFraction</c> (default; share of
    /// pixels not 255 in the labels, i.e. what survived SCC), <c>meanRegionScore</c> (mean score of the kept SCC
    /// regions; needs the <c>regions</c> input) or <c>listFiles</c> (<see cref="LabeledList"/> and <see cref="UnlabeledList"/>).
    /// </summary>
    public SplitRule Rule { get; init; } = SplitRule.SurvivingFraction;

    /// <summary>Share of the images put in the labelled subset by the ranking rules (rounded; both subsets keep at least one image).</summary>
    [Range(0.0, 1.0)]
    public double Fraction { get; init; } = 0.5;

    /// <summary>For <c>listFiles</c>: the labelled list (UniMatch format, first column = image path), relative to the pipeline folder.</summary>
    [FilePath]
    public string? LabeledList { get; init; }

    /// <summary>For <c>listFiles</c>: the unlabelled list; when omitted, every image not in the labelled list is unlabelled.</summary>
    [FilePath]
    public string? UnlabeledList { get; init; }

    /// <summary>
    /// Checks at validation what the stage would refuse when it runs: <c>listFiles</c> without a labelled list,
    /// <c>meanRegionScore</c> without the <c>regions</c> input connected.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Rule == SplitRule.ListFiles && LabeledList is null)
        {
            yield return new ValidationResult("Rule listFiles needs labeledList (a UniMatch list file).", [nameof(LabeledList)]);
        }

        if (Rule == SplitRule.MeanRegionScore && OptionsValidation.ConnectedInputs(validationContext) is { } connected && !connected.Contains("regions"))
        {
            yield return new ValidationResult(
                "Rule meanRegionScore needs the regions input (SCC's RegionSet); connect \"regions\" or use survivingFraction.", [nameof(Rule)]);
        }
    }
}
