using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>The <c>torch.*Storage</c> class names a checkpoint's pickle uses, and their element types.</summary>
internal static class TorchStorageTypes
{
    /// <summary>The element type of <c>torch.&lt;name&gt;</c>, or <see langword="null"/> when it is no storage type.</summary>
    public static ScalarType? FromName(string name) => name switch
    {
        "FloatStorage" => ScalarType.Float32,
        "DoubleStorage" => ScalarType.Float64,
        "HalfStorage" => ScalarType.Float16,
        "BFloat16Storage" => ScalarType.BFloat16,
        "LongStorage" => ScalarType.Int64,
        "IntStorage" => ScalarType.Int32,
        "ShortStorage" => ScalarType.Int16,
        "CharStorage" => ScalarType.Int8,
        "ByteStorage" => ScalarType.Byte,
        "BoolStorage" => ScalarType.Bool,
        "ComplexFloatStorage" => ScalarType.ComplexFloat32,
        "ComplexDoubleStorage" => ScalarType.ComplexFloat64,
        "UntypedStorage" => ScalarType.Byte,
        _ => null,
    };

    /// <summary>The <c>torch.*Storage</c> class name for an element type.</summary>
    public static string ToName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "FloatStorage",
        ScalarType.Float64 => "DoubleStorage",
        ScalarType.Float16 => "HalfStorage",
        ScalarType.BFloat16 => "BFloat16Storage",
        ScalarType.Int64 => "LongStorage",
        ScalarType.Int32 => "IntStorage",
        ScalarType.Int16 => "ShortStorage",
        ScalarType.Int8 => "CharStorage",
        ScalarType.Byte => "ByteStorage",
        ScalarType.Bool => "BoolStorage",
        ScalarType.ComplexFloat32 => "ComplexFloatStorage",
        ScalarType.ComplexFloat64 => "ComplexDoubleStorage",
        _ => throw new ArgumentException($"Element type {type} has no PyTorch storage type.", nameof(type)),
    };

    /// <summary>The size in bytes of one element.</summary>
    public static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.ComplexFloat64 => 16,
        ScalarType.Float64 or ScalarType.Int64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new ArgumentException($"Unsupported element type {type}.", nameof(type)),
    };
}
