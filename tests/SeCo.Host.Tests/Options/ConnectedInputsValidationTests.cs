using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using SeCo.Host.Options;
using SeCo.Sdk.Stages;

namespace SeCo.Host.Tests.Options;

/// <summary>Options can refuse, at validation, a value that needs an input port the pipeline does not connect.</summary>
public sealed class ConnectedInputsValidationTests
{
    [Fact]
    public void Options_see_the_connected_inputs_and_refuse_a_mode_whose_port_is_missing()
    {
        var with = (JsonObject)JsonNode.Parse("""{ "mode": "scored" }""")!;

        var missing = OptionsBinder.Bind(typeof(PortAwareOptions), with, new HashSet<string>(StringComparer.Ordinal) { "images" });
        var connected = OptionsBinder.Bind(typeof(PortAwareOptions), with, new HashSet<string>(StringComparer.Ordinal) { "images", "scores" });

        missing.Errors.Should().ContainSingle().Which.Message.Should().Contain("needs the scores input");
        connected.Errors.Should().BeEmpty();
    }

    [Fact]
    public void Options_validated_outside_a_pipeline_do_not_guess()
    {
        OptionsBinder.Bind(typeof(PortAwareOptions), (JsonObject)JsonNode.Parse("""{ "mode": "scored" }""")!).Errors.Should().BeEmpty();
    }

    /// <summary>Options whose "scored" mode needs the "scores" input.</summary>
    public sealed record PortAwareOptions : IValidatableObject
    {
        public string Mode { get; init; } = "plain";

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (Mode == "scored" && OptionsValidation.ConnectedInputs(validationContext) is { } inputs && !inputs.Contains("scores"))
            {
                yield return new ValidationResult("Mode scored needs the scores input.", [nameof(Mode)]);
            }
        }
    }
}
