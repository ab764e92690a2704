using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Psa.Sam.Tests.Golden;
using SeCo.Host.Runtime;
using SeCo.Plugins.Psa.Modeling;
using SeCo.Plugins.Psa.Stages;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Sdk.Stages;
using SeCo.Sdk.Tensors;
using SeCo.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Stages;

/// <summary>The <c>encoderPrecision</c> option of <c>psa.sam</c>: binding, validation, the CPU rule and the model cache.</summary>
public sealed class EncoderPrecisionOptionTests
{
    /// <summary>How the host binds a stage's "with" object (camelCase names and enum values, no integers for enums).</summary>
    private static readonly JsonSerializerOptions s_hostJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    [Theory]
    [InlineData("float32", EncoderPrecision.Float32)]
    [InlineData("bfloat16", EncoderPrecision.Bfloat16)]
    [InlineData("float16", EncoderPrecision.Float16)]
    public void Encoder_precision_binds_from_its_json_name(string json, EncoderPrecision expected)
    {
        var options = JsonSerializer.Deserialize<PsaOptions>($$"""{"encoderPrecision": "{{json}}"}""", s_hostJson)!;

        options.EncoderPrecision.Should().Be(expected);
        JsonSerializer.Serialize(expected, s_hostJson).Should().Be($"\"{json}\"");
    }

    [Fact]
    public void Encoder_precision_defaults_to_float32()
    {
        new PsaOptions().EncoderPrecision.Should().Be(EncoderPrecision.Float32);
    }

    [Theory]
    [InlineData("\"half\"")]
    [InlineData("\"fp16\"")]
    [InlineData("1")]
    public void Unknown_encoder_precision_is_rejected_when_binding(string json)
    {
        var bind = () => JsonSerializer.Deserialize<PsaOptions>($$"""{"encoderPrecision": {{json}}}""", s_hostJson);

        bind.Should().Throw<JsonException>();
    }

    [Fact]
    public void Undefined_encoder_precision_value_fails_validation()
    {
        var options = new PsaOptions { EncoderPrecision = (EncoderPrecision)7 };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true).Should().BeFalse();

        results.Should().ContainSingle().Which.MemberNames.Should().Equal(nameof(PsaOptions.EncoderPrecision));
    }

    [Fact]
    public async Task Float16_on_the_cpu_is_rejected_naming_the_option()
    {
        using var output = new TempDirectory();
        using var tensors = new TensorContext(CPU);
        var options = Options(EncoderPrecision.Float16);

        var run = () => RunAsync(output.Path, tensors, options);

        var error = (await run.Should().ThrowAsync<SeCoInputException>()).Which;
        error.Location.JsonPath.Should().Be("with.encoderPrecision");
        error.Message.Should().Contain("float16 needs a CUDA device; use bfloat16 on CPU");
        tensors.Models.Keys.Should().BeEmpty("nothing is loaded for a rejected precision");
    }

    [Fact]
    public void Sam_model_refuses_float16_on_the_cpu_and_accepts_it_on_cuda()
    {
        var build = () => new SamModel(TinySam.Variant, CPU, EncoderPrecision.Float16);

        build.Should().Throw<NotSupportedException>().WithMessage("*float16 needs a CUDA device; use bfloat16 on CPU*");
        SamModel.Supports(EncoderPrecision.Float16, CPU).Should().BeFalse();
        SamModel.Supports(EncoderPrecision.Bfloat16, CPU).Should().BeTrue();
        SamModel.Supports(EncoderPrecision.Float16, new Device(DeviceType.CUDA, 0)).Should().BeTrue();
    }

    [Fact]
    public void Model_cache_keys_differ_per_encoder_precision()
    {
        var keys = Enum.GetValues<EncoderPrecision>()
            .Select(p => PsaStage.ModelKey("/models/sam.pth", "vit_b", CPU, p))
            .ToList();

        keys.Should().OnlyHaveUniqueItems();
        keys.Should().OnlyContain(k => k.StartsWith("psa.sam|/models/sam.pth|vit_b|cpu|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bfloat16_stage_loads_its_own_model_and_leaves_the_cached_float32_model_untouched()
    {
        using var output = new TempDirectory();
        using var tensors = new TensorContext(CPU);

        await RunAsync(Path.Combine(output.Path, "fp32"), tensors, Options(EncoderPrecision.Float32));
        await RunAsync(Path.Combine(output.Path, "bf16"), tensors, Options(EncoderPrecision.Bfloat16));

        tensors.Models.Keys.Should().HaveCount(2);
        var checkpoint = GoldenData.PathOf("sam", "tiny_rand", "tiny_rand_sam.safetensors");
        var variantKey = GoldenData.PathOf("sam", "tiny", "config.json");
        var float32 = tensors.Models.GetOrCreate<SamModel>(PsaStage.ModelKey(checkpoint, variantKey, CPU, EncoderPrecision.Float32),
            () => throw new InvalidOperationException("the float32 model should be cached"));
        var bfloat16 = tensors.Models.GetOrCreate<SamModel>(PsaStage.ModelKey(checkpoint, variantKey, CPU, EncoderPrecision.Bfloat16),
            () => throw new InvalidOperationException("the bfloat16 model should be cached"));
        float32.ImageEncoder.parameters().Should().OnlyContain(p => p.dtype == ScalarType.Float32);
        bfloat16.ImageEncoder.parameters().Should().OnlyContain(p => p.dtype == ScalarType.BFloat16);
    }

    private static PsaOptions Options(EncoderPrecision precision) => new()
    {
        Checkpoint = Path.Combine("sam", "tiny_rand", "tiny_rand_sam.safetensors"),
        Variant = "tiny_rand",
        VariantConfig = Path.Combine("sam", "tiny", "config.json"),
        EncoderPrecision = precision,
        MaskGenerator = new PsaMaskGeneratorOptions { PointsPerSide = 4 },
    };

    /// <summary>Runs the stage on the first golden synthcity image with <paramref name="tensors"/> as the host's context.</summary>
    private static Task<StageOutputs> RunAsync(string outputDirectory, ITensorContext tensors, PsaOptions options)
    {
        var (images, labels) = PsaStageRun.Inputs("synthcity");
        var inputs = new StageInputs(new Dictionary<string, Artifact>
        {
            ["images"] = new ImageSet(images.Root, [images.Items[0]]),
            ["labels"] = new LabelSet(labels.Root, [labels.Items[0]]) { Taxonomy = labels.Taxonomy },
        });
        var context = new StageContext
        {
            StageId = "psa",
            OutputDirectory = outputDirectory,
            PipelineDirectory = GoldenData.Root,
            Logger = NullLogger.Instance,
            Progress = new SeCo.Testing.RecordingProgress(),
            Seed = 0,
            Tensors = tensors,
            Services = new EmptyServices(),
        };
        return new PsaStage().RunAsync(context, options, inputs, CancellationToken.None);
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
