using SeCo.Plugins.Sources.Proda.Modeling;
using SeCo.Sdk.Errors;
using SeCo.Vision.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Sources.Proda;

/// <summary>Builds the DeepLabV2 of <see cref="ProdaSourceOptions"/>: from a checkpoint, or seeded random weights when allowed.</summary>
internal static class ProdaModelFactory
{
    private const string BnPretrainPrefix = "bn_pretrain.";

    public static ProdaDeepLabV2 Create(ProdaSourceOptions options, int classes, string? checkpointPath, int seed)
    {
        if (checkpointPath is null)
        {
            if (!options.AllowRandomWeights)
            {
                throw new SeCoInputException(new InputLocation(JsonPath: "with.checkpoint"),
                    "No checkpoint is given. Expected the path of a trained ProDA model, e.g. " +
                    "'from_gta5_to_cityscapes_on_deeplabv2_best_model.pkl' from the microsoft/ProDA releases " +
                    "(https://github.com/microsoft/ProDA, README 'Pretrained models'); set 'allowRandomWeights': true " +
                    "to run a randomly initialised network for tests and demos.");
            }

            var random = new ProdaDeepLabV2(classes, options.Width);
            RandomInitialise(random, seed);
            return random;
        }

        if (!File.Exists(checkpointPath))
        {
            throw new SeCoInputException(new InputLocation(File: checkpointPath, JsonPath: "with.checkpoint"),
                "The checkpoint does not exist; expected a ProDA .pkl/.pth file relative to the pipeline file.");
        }

        using var file = Pth.Open(checkpointPath);
        var state = file.StateDict(options.CheckpointKey, stripModulePrefix: true);
        try
        {
            var withBnPretrain = state.Keys.Any(k => k.StartsWith(BnPretrainPrefix, StringComparison.Ordinal));
            var model = new ProdaDeepLabV2(classes, options.Width, withBnPretrain);
            try
            {
                StateDictLoader.Load(model, state, strict: true, source: checkpointPath);
            }
            catch
            {
                model.Dispose();
                throw;
            }

            return model;
        }
        finally
        {
            foreach (var tensor in state.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>He-normal weights from a generator seeded with <paramref name="seed"/>; zero biases; BatchNorm/GroupNorm at identity.</summary>
    internal static void RandomInitialise(nn.Module model, int seed)
    {
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            using var scope = NewDisposeScope();
            if (parameter.dim() > 1)
            {
                var fanIn = parameter.numel() / parameter.shape[0];
                parameter.copy_(randn(parameter.shape, generator: generator).mul_(Math.Sqrt(2.0 / fanIn)));
            }
            else if (name.EndsWith("weight", StringComparison.Ordinal))
            {
                parameter.fill_(1);
            }
            else
            {
                parameter.zero_();
            }
        }
    }
}
