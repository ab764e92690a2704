namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// The floating-point type the SAM image encoder runs in. The prompt encoder and mask decoder always run in
/// float32: the image embedding is returned as float32 whatever the encoder's type (as SAM users do when they wrap
/// only <c>set_image</c> in autocast).
/// </summary>
public enum EncoderPrecision
{
    /// <summary>float32 weights and activations: the reference numbers (default).</summary>
    Float32 = 0,

    /// <summary>
    /// bfloat16 weights and activations (8-bit mantissa, float32's range): about half the encoder's memory traffic.
    /// Fast on GPUs with bfloat16 tensor cores and on CPUs with native bfloat16 (AVX-512 BF16, AMX); on CPUs without
    /// them libtorch converts around each kernel and the encoder is much slower than in float32 (ViT-B on an AVX2
    /// CPU: 6.7×).
    /// </summary>
    Bfloat16 = 1,

    /// <summary>
    /// float16 weights and activations (11-bit mantissa, range ±65504): for CUDA devices only. libtorch's CPU
    /// kernels run it, but a ViT-B encode on an AVX2 CPU took 2.7× as long as float32, so it is refused there.
    /// </summary>
    Float16 = 2,
}
