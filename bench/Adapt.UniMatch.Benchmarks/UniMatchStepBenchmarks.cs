using BenchmarkDotNet.Attributes;
using SeCo.Benchmarks.Measurement;
using Microsoft.Extensions.Logging.Abstractions;
using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Plugins.Adapt.UniMatch.Losses;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Optimization;
using SeCo.Plugins.Adapt.UniMatch.Training;
using SeCo.Vision.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Adapt.UniMatch;

/// <summary>
/// The UniMatch training step of <see cref="UniMatchTrainer.Step"/> (eval forward on the mix image, CutMix, need-fp
/// forward on labelled + weak, forward on the two strong views, OHEM + three CE losses, backward, SGD step) with
/// batch 1 labelled + 1 unlabelled at crop 321 on the CPU with 2 threads. Reference: 6.72 s (6.66–6.75) and 3.14 GB
/// peak for R101 in <c>shared/anchors.md</c> row 9a. Data loading is excluded (prepared CPU batches), as in the anchor.
/// </summary>
[Config(typeof(AnchorBenchmarkConfig))]
[MemoryDiagnoser(false)]
public class UniMatchStepBenchmarks
{
    /// <summary>Crop size of the anchor.</summary>
    public const int Crop = 321;

    private DeepLabV3Plus _model = null!;
    private Sgd _optimizer = null!;
    private UniMatchTrainer _trainer = null!;
    private TrainingBatch _batch = null!;

    /// <summary>The network preset.</summary>
    [Params("resnet101", "tiny")]
    public string Backbone { get; set; } = "resnet101";

    /// <summary>Builds the network, optimiser and one synthetic batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        (_model, _optimizer, _trainer) = Create(Backbone);
        _batch = SyntheticBatch(seed: 0);
    }

    /// <summary>One training step.</summary>
    [Benchmark]
    public double Step() => _trainer.Step(_batch).Loss;

    /// <summary>Releases the network.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _optimizer.Dispose();
        _model.Dispose();
    }

    /// <summary>The model, SGD (lr 0.005, lr_multi 1) and trainer with OHEM(0.7, 200000) and τ = 0, as SeCo.</summary>
    public static (DeepLabV3Plus Model, Sgd Optimizer, UniMatchTrainer Trainer) Create(string backbone)
    {
        manual_seed(0);
        var config = backbone == "tiny" ? DeepLabV3PlusConfig.Tiny(19) : DeepLabV3PlusConfig.ResNet101(19);
        var model = new DeepLabV3Plus(config);
        var optimizer = UniMatchOptimizer.Create(model, 0.005, 1.0);
        var settings = new TrainingSettings { CropSize = Crop, BatchSize = 1, Epochs = 1, CheckpointInterval = 100 };
        var trainer = new UniMatchTrainer(model, optimizer, new UniMatchLoss(new OhemCrossEntropy(), 0), settings, NullLogger.Instance, CPU);
        return (model, optimizer, trainer);
    }

    /// <summary>A batch of random normalised crops with random labels and one CutMix box per strong view.</summary>
    public static TrainingBatch SyntheticBatch(int seed)
    {
        var random = new Random(seed);
        float[] Image()
        {
            var data = new float[3 * Crop * Crop];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (float)(random.NextDouble() * 4 - 2);
            }

            return data;
        }

        long[] Mask(Func<long> value)
        {
            var data = new long[Crop * Crop];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = value();
            }

            return data;
        }

        UnlabeledSample Unlabeled() => new(Image(), Image(), Image(), Mask(() => 0),
            new CutMixBox(40, 60, 120, 100), new CutMixBox(10, 10, 200, 150));
        var labeled = new LabeledSample(Image(), Mask(() => random.Next(20) == 0 ? 255 : random.Next(19)));
        return new TrainingBatch(0, [labeled], [Unlabeled()], [Unlabeled()]);
    }
}
