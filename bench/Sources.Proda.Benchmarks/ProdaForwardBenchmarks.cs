using BenchmarkDotNet.Attributes;
using SeCo.Benchmarks.Measurement;
using SeCo.Plugins.Sources.Proda.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Sources.Proda;

/// <summary>
/// ProDA DeepLabV2-R101 eval forward, no grad, 1x3x512x1024 on CPU with 2 threads: the reference figure is
/// 6.95 s (6.90–7.08) in <c>shared/anchors.md</c> row 8 (torch 1.13, idle machine). Weights do not change the
/// cost; the model keeps its default initialisation.
/// </summary>
[Config(typeof(AnchorBenchmarkConfig))]
[MemoryDiagnoser(false)]
public class ProdaForwardBenchmarks
{
    private ProdaDeepLabV2 _model = null!;
    private Tensor _input = null!;

    /// <summary>Builds the full-size network and a random input.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        _model = new ProdaDeepLabV2(classes: 19);
        _model.eval();
        _input = rand(1, 3, 512, 1024);
    }

    /// <summary>One eval forward (logits at 65x129).</summary>
    [Benchmark]
    public long Forward_1x3x512x1024()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (_, logits) = _model.forward(_input);
        return logits.shape[2];
    }

    /// <summary>Releases the model and input.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _input.Dispose();
        _model.Dispose();
    }
}
