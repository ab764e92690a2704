using BenchmarkDotNet.Attributes;
using SeCo.Benchmarks.Measurement;
using SeCo.Plugins.Scc.Modeling;
using SeCo.Plugins.Scc.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Scc;

/// <summary>
/// One <c>train_src.py</c> iteration of the region classifier on CPU with 2 threads: train-mode forward with the mask
/// gate, smoothed cross-entropy, backward, Nesterov SGD step; batch 8, 3x256x512, 19 classes, reference width
/// (64 base channels). Reference: ResNet-18 27.0 s, ResNet-101 7.17 s per iteration (<c>shared/anchors.md</c> rows
/// 7a, 7b; torch 1.13, idle machine). Weights do not change the cost; the model keeps its default initialisation.
/// </summary>
[Config(typeof(AnchorBenchmarkConfig))]
[MemoryDiagnoser(false)]
public class SccTrainingBenchmarks
{
    private MaskGatedResNet _model = null!;
    private RegionClassifierTrainer _trainer = null!;
    private Tensor _images = null!;
    private Tensor _masks = null!;
    private Tensor _labels = null!;
    private int _iteration;

    /// <summary>ResNet depth (18: full-resolution stem, 101: 7x7/2 stem + max-pool).</summary>
    [Params(18, 101)]
    public int Depth { get; set; }

    /// <summary>Builds the network, the optimiser and a random batch with half-image region masks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        torch.manual_seed(0);
        _model = new MaskGatedResNet(Depth, numClasses: 19);
        _trainer = new RegionClassifierTrainer(_model, totalIterations: 1000);
        _images = randn(8, 3, 256, 512);
        _masks = zeros(8, 1, 256, 512, ScalarType.Byte);
        _masks[.., .., TensorIndex.Slice(64, 192), TensorIndex.Slice(128, 384)] = ones(1, ScalarType.Byte);
        _labels = arange(8, ScalarType.Int64);
    }

    /// <summary>One training iteration; returns the loss.</summary>
    [Benchmark]
    public float TrainIteration_8x3x256x512() => _trainer.Step(++_iteration, _images, _masks, _labels);

    /// <summary>Releases everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _images.Dispose();
        _masks.Dispose();
        _labels.Dispose();
        _trainer.Dispose();
        _model.Dispose();
    }
}
