using SeCo.Sdk.Errors;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Checkpoints;

public sealed class StateDictLoaderTests
{
    private static nn.Module<Tensor, Tensor> NewModel() =>
        nn.Sequential(("fc", nn.Linear(3, 2)), ("bn", nn.BatchNorm1d(2)));

    private static Dictionary<string, Tensor> MatchingState() => new()
    {
        ["fc.weight"] = torch.arange(6, ScalarType.Float32).reshape(2, 3),
        ["fc.bias"] = torch.tensor(new[] { -1f, 1f }),
        ["bn.weight"] = torch.tensor(new[] { 2f, 3f }),
        ["bn.bias"] = torch.tensor(new[] { 4f, 5f }),
        ["bn.running_mean"] = torch.tensor(new[] { 0.25f, 0.5f }),
        ["bn.running_var"] = torch.tensor(new[] { 1.5f, 2.5f }),
        ["bn.num_batches_tracked"] = torch.tensor(9L),
    };

    [Fact]
    public void Matching_state_is_copied_into_parameters_and_buffers()
    {
        using var scope = torch.NewDisposeScope();
        var model = NewModel();
        var state = MatchingState();

        var result = StateDictLoader.Load(model, state, strict: true);

        result.IsExactMatch.Should().BeTrue();
        result.Loaded.Should().HaveCount(7);
        var loaded = model.state_dict();
        foreach (var (name, expected) in state)
        {
            TensorAssert.Identical(loaded[name], expected, name);
        }

        model.parameters().Should().OnlyContain(p => p.requires_grad, "loading keeps parameters trainable");
    }

    [Fact]
    public void Mismatches_are_reported_by_name_and_matching_keys_still_load_when_not_strict()
    {
        using var scope = torch.NewDisposeScope();
        var model = NewModel();
        var originalBias = model.state_dict()["fc.bias"].clone();
        var state = MatchingState();
        state.Remove("bn.running_var");
        state["fc.bias"] = torch.zeros(5);
        state["head.weight"] = torch.zeros(1);

        var result = StateDictLoader.Load(model, state, strict: false);

        result.MissingKeys.Should().Equal("bn.running_var");
        result.UnexpectedKeys.Should().Equal("head.weight");
        result.ShapeMismatches.Should().ContainSingle().Which.Name.Should().Be("fc.bias");
        result.ShapeMismatches[0].Expected.Should().Equal(2);
        result.ShapeMismatches[0].Actual.Should().Equal(5);
        TensorAssert.Identical(model.state_dict()["fc.weight"], state["fc.weight"], "matching keys load");
        TensorAssert.Identical(model.state_dict()["fc.bias"], originalBias, "a mismatched tensor is not copied");
    }

    [Fact]
    public void Strict_mode_lists_every_problem_and_copies_nothing()
    {
        using var scope = torch.NewDisposeScope();
        var model = NewModel();
        var before = model.state_dict()["fc.weight"].clone();
        var state = MatchingState();
        state.Remove("bn.bias");
        state["bn.weight"] = torch.ones(3);
        state["extra"] = torch.ones(1);

        var act = () => StateDictLoader.Load(model, state, strict: true, source: "model.pth");

        act.Should().Throw<SeCoInputException>()
            .Where(e => e.Message.Contains("bn.bias") && e.Message.Contains("extra") && e.Message.Contains("bn.weight") && e.Location.File == "model.pth");
        TensorAssert.Identical(model.state_dict()["fc.weight"], before, "strict failure leaves the module untouched");
    }

    [Fact]
    public void Half_precision_state_is_converted_to_the_module_dtype()
    {
        using var scope = torch.NewDisposeScope();
        var model = NewModel();
        var state = MatchingState();
        state["fc.weight"] = state["fc.weight"].to(ScalarType.Float16);

        StateDictLoader.Load(model, state, strict: true);

        model.state_dict()["fc.weight"].dtype.Should().Be(ScalarType.Float32);
        TensorAssert.Identical(model.state_dict()["fc.weight"], torch.arange(6, ScalarType.Float32).reshape(2, 3), "fc.weight");
    }

    [Fact]
    public void Module_saved_as_pth_loads_into_a_fresh_module_with_identical_outputs()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var path = dir.File("model.pth");
        var trained = NewModel();
        StateDictLoader.Load(trained, MatchingState(), strict: true);
        trained.eval();
        Pth.Save(path, trained.state_dict());

        var fresh = NewModel();
        var result = StateDictLoader.Load(fresh, Pth.Load(path), strict: true, source: path);
        fresh.eval();

        result.IsExactMatch.Should().BeTrue();
        var input = torch.arange(12, ScalarType.Float32).reshape(4, 3);
        using var noGrad = torch.no_grad();
        TensorAssert.Identical(fresh.call(input), trained.call(input), "outputs");
    }
}
