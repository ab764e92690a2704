using BenchmarkDotNet.Attributes;
using SeCo.Benchmarks.Measurement;
using SeCo.Plugins.Psa.MaskGeneration;
using SeCo.Plugins.Psa.Modeling;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;
using SeCo.Vision.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Psa.Sam;

/// <summary>
/// Full-size SAM ViT-B (DetFill weights; the cost does not depend on them) on the golden 300×427 test image, as
/// anchors rows 1a (encode 11.7 s), 2a (decoder, 64 single-point prompts multimask, 7.01 s) and 3 (AMG defaults
/// with its own encode, 131 s) measured the reference with 2 threads.
/// </summary>
[Config(typeof(AnchorBenchmarkConfig))]
[MemoryDiagnoser(false)]
public class SamVitBBenchmarks
{
    private SamModel _model = null!;
    private SamPredictor _predictor = null!;
    private RgbImage _image = null!;
    private Tensor _points = null!;
    private Tensor _labels = null!;

    /// <summary>Builds ViT-B, encodes the image once for the decoder benchmark and prepares the 8×8 point grid.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        _model = new SamModel(SamVariant.VitB);
        DetFill.Apply(_model);
        _image = BenchmarkInputs.SamTestImage();
        _predictor = new SamPredictor(_model);
        using var noGrad = no_grad();
        _predictor.SetImage(_image);
        var (points, labels) = BenchmarkInputs.GridPrompts(_predictor, _image);
        _points = points.DetachFromDisposeScope();
        _labels = labels.DetachFromDisposeScope();
    }

    /// <summary>Row 1a: <c>SetImage</c> (resize, normalise, ViT-B encoder).</summary>
    [Benchmark]
    public long Vit_b_embedding()
    {
        using var noGrad = no_grad();
        using var predictor = new SamPredictor(_model);
        predictor.SetImage(_image);
        return predictor.Features.shape[1];
    }

    /// <summary>Row 2a: one batched decoder call, 64 single positive points, multimask, upsampled to the image.</summary>
    [Benchmark]
    public long Vit_b_decoder_64_prompts()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var prediction = _predictor.PredictTorch(_points, _labels, null, null, multimaskOutput: true);
        return prediction.Masks.shape[0];
    }

    /// <summary>Row 3: the default AMG (32×32 points, 64 per batch) including its own encode.</summary>
    [Benchmark]
    public int Vit_b_amg_default()
    {
        using var noGrad = no_grad();
        using var generator = new AutomaticMaskGenerator(_model);
        return generator.Generate(_image).Count;
    }

    /// <summary>Releases the model and tensors.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _points.Dispose();
        _labels.Dispose();
        _predictor.Dispose();
        _model.Dispose();
    }
}
