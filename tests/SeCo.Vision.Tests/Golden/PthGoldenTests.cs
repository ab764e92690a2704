using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Tests.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Golden;

/// <summary>The cases of <c>golden/checkpoints/index.json</c>; values are exact (tolerance zero).</summary>
public sealed class PthGoldenTests
{
    /// <summary>The checkpoints README: "values are exact"; fp16 tensors are stored as float32 there, which is exact.</summary>
    private const double CheckpointTolerance = 0.0;

    public static TheoryData<string, bool> LoadableCases => new()
    {
        { "views", false },
        { "shared_storage", false },
        { "nested_module_prefix", true },
        { "unimatch_style", false },
        { "legacy_format", false },
        { "numpy_scalar", false },
    };

    [Theory]
    [MemberData(nameof(LoadableCases))]
    public void Loaded_state_dict_matches_the_expected_safetensors_exactly(string name, bool stripModulePrefix)
    {
        using var scope = torch.NewDisposeScope();
        var actual = Pth.Load(GoldenData.PathOf("checkpoints", $"{name}.pth"), stripModulePrefix);
        var expected = SafeTensors.Load(GoldenData.PathOf("checkpoints", $"{name}_expected.safetensors"));

        AssertMatches(actual, expected);
    }

    [Fact]
    public void Views_of_one_storage_keep_offsets_strides_and_transposes()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = Pth.Load(GoldenData.PathOf("checkpoints", "views.pth"));

        tensors["transposed_slice"].shape.Should().Equal(3, 10);
        tensors["transposed_slice"].is_contiguous().Should().BeTrue();
        tensors["column"].shape.Should().Equal(10);
    }

    [Fact]
    public void Shared_storage_keeps_fp16_and_int64_types()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = Pth.Load(GoldenData.PathOf("checkpoints", "shared_storage.pth"));

        tensors["half"].dtype.Should().Be(ScalarType.Float16);
        tensors["int64_buf"].dtype.Should().Be(ScalarType.Int64);
        tensors["qkv.weight"].dtype.Should().Be(ScalarType.Float32);
    }

    [Fact]
    public void Overlapping_views_are_independent_copies()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = Pth.Load(GoldenData.PathOf("checkpoints", "shared_storage.pth"));
        var qkvBefore = tensors["qkv.weight"].clone();

        tensors["q.weight"].fill_(123f);

        TensorAssert.Identical(tensors["qkv.weight"], qkvBefore, "writing a loaded slice must not change the tensor it was sliced from");
    }

    [Fact]
    public void Each_shared_storage_is_released_once_its_last_view_is_loaded()
    {
        using var scope = torch.NewDisposeScope();
        using var file = Pth.Open(GoldenData.PathOf("checkpoints", "shared_storage.pth"));
        var tensors = file.LocateStateDict().Tensors;

        ((LazyTensor)tensors["qkv.weight"]!).Load();
        var heldWhileViewsRemain = file.Storages.HeldStorageCount;
        file.StateDict();

        heldWhileViewsRemain.Should().Be(1, "q/k/v still need the qkv storage, which is read once");
        file.Storages.HeldStorageCount.Should().Be(0, "every storage is let go after its last view is built");
    }

    [Fact]
    public void Nested_module_prefix_keys_keep_the_prefix_unless_asked()
    {
        using var scope = torch.NewDisposeScope();
        using var file = Pth.Open(GoldenData.PathOf("checkpoints", "nested_module_prefix.pth"));

        var (_, location) = file.LocateStateDict();
        var raw = file.StateDict();
        var stripped = file.StateDict(stripModulePrefix: true);

        location.Should().Be("model_state");
        raw.Keys.Should().OnlyContain(k => k.StartsWith("module."));
        stripped.Keys.Should().NotContain(k => k.StartsWith("module."));
        file["iter"].Should().Be(5L);
    }

    [Fact]
    public void Unimatch_style_checkpoint_exposes_the_scalars_beside_the_model()
    {
        using var file = Pth.Open(GoldenData.PathOf("checkpoints", "unimatch_style.pth"));

        file.LocateStateDict().Location.Should().Be("model");
        file["epoch"].Should().Be(3L);
        file["previous_best"].Should().Be(61.25);
        var optimizer = file["optimizer"].Should().BeOfType<PickleDict>().Subject;
        var groups = optimizer["param_groups"].Should().BeOfType<List<object?>>().Subject;
        ((PickleDict)groups[0]!)["lr"].Should().Be(0.01);
    }

    [Fact]
    public void Numpy_scalar_beside_the_state_dict_is_read_as_a_double()
    {
        using var file = Pth.Open(GoldenData.PathOf("checkpoints", "numpy_scalar.pth"));

        file["best_iou"].Should().Be(0.5);
        file.LocateStateDict().Location.Should().Be("state_dict");
    }

    [Fact]
    public void Legacy_format_is_recognised_and_loaded()
    {
        using var scope = torch.NewDisposeScope();
        using var file = Pth.Open(GoldenData.PathOf("checkpoints", "legacy_format.pth"));

        file.IsLegacyFormat.Should().BeTrue();
        file.StateDict().Should().NotBeEmpty();
    }

    [Fact]
    public void Malicious_reduce_is_refused_naming_the_global_and_the_file()
    {
        var path = GoldenData.PathOf("checkpoints", "malicious_reduce.pth");

        var act = () => Pth.Open(path);

        act.Should().Throw<SeCoInputException>()
            .Where(e => e.Location.File == path && e.Message.Contains("posix.system") && e.Message.Contains("Nothing was executed"));
    }

    [Fact]
    public void Truncated_checkpoint_is_refused_naming_the_file()
    {
        var path = GoldenData.PathOf("checkpoints", "truncated.pth");

        var act = () => Pth.Load(path);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == path && e.Message.Contains("truncated"));
    }

    [Fact]
    public void Tiny_sam_pth_holds_the_same_tensors_as_tiny_sam_safetensors()
    {
        using var scope = torch.NewDisposeScope();
        var fromPth = Pth.Load(GoldenData.PathOf("sam", "tiny", "tiny_sam.pth"));
        var fromSafeTensors = SafeTensors.Load(GoldenData.PathOf("sam", "tiny", "tiny_sam.safetensors"));

        AssertMatches(fromPth, fromSafeTensors);
        fromPth.Count.Should().Be(fromSafeTensors.Count);
    }

    private static void AssertMatches(IReadOnlyDictionary<string, Tensor> actual, IReadOnlyDictionary<string, Tensor> expected)
    {
        CheckpointTolerance.Should().Be(0.0);
        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (key, wanted) in expected)
        {
            var got = actual[key];

            // The golden writer stores 0-d tensors (BatchNorm's num_batches_tracked) with shape [1];
            // torch.load yields them 0-d, and so must we, or they would not fit a module's 0-d buffer.
            var want = got.Dimensions == 0 && wanted.shape is [1] ? wanted.reshape([]) : wanted;
            if (got.dtype == ScalarType.Float16 || got.dtype == ScalarType.BFloat16)
            {
                want.dtype.Should().Be(ScalarType.Float32, $"{key}: the golden file stores half tensors as float32");
                TensorAssert.Identical(got, want, key, compareAs: ScalarType.Float32);
            }
            else
            {
                TensorAssert.Identical(got, want, key);
            }
        }
    }
}
