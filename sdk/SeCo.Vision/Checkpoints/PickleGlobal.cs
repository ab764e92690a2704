using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// A Python global (<c>module.name</c>) that the safe unpickler agreed to resolve. Only the names in
/// <see cref="Resolve"/> exist; each stands for a fixed, side-effect-free construction in .NET.
/// </summary>
internal sealed class PickleGlobal
{
    private PickleGlobal(string fullName, GlobalKind kind, ScalarType? storageType = null)
    {
        FullName = fullName;
        Kind = kind;
        StorageType = storageType;
    }

    /// <summary>What a resolved global constructs.</summary>
    public enum GlobalKind
    {
        OrderedDict,
        RebuildTensor,
        RebuildTensorV2,
        RebuildParameter,
        RebuildFromTypeV2,
        TensorClass,
        StorageClass,
        TorchSize,
        TorchDevice,
        NumpyScalar,
        NumpyDType,
        NumpyReconstruct,
        NumpyArrayClass,
        CodecsEncode,
        Set,
        FrozenSet,
        Opaque,
    }

    /// <summary>The dotted name, e.g. <c>torch._utils._rebuild_tensor_v2</c>.</summary>
    public string FullName { get; }

    /// <summary>What it constructs.</summary>
    public GlobalKind Kind { get; }

    /// <summary>For a storage class, its element type.</summary>
    public ScalarType? StorageType { get; }

    /// <summary>The allow-listed global <paramref name="module"/>.<paramref name="name"/>, or <see langword="null"/> when it is not allowed.</summary>
    public static PickleGlobal? Resolve(string module, string name)
    {
        var fullName = $"{module}.{name}";
        GlobalKind? kind = fullName switch
        {
            "collections.OrderedDict" => GlobalKind.OrderedDict,
            "torch._utils._rebuild_tensor" => GlobalKind.RebuildTensor,
            "torch._utils._rebuild_tensor_v2" => GlobalKind.RebuildTensorV2,
            "torch._utils._rebuild_parameter" or "torch._utils._rebuild_parameter_with_state" => GlobalKind.RebuildParameter,
            "torch._tensor._rebuild_from_type_v2" => GlobalKind.RebuildFromTypeV2,
            "torch.Tensor" or "torch._tensor.Tensor" or "torch.nn.parameter.Parameter" or "torch.nn.Parameter" => GlobalKind.TensorClass,
            "torch.Size" => GlobalKind.TorchSize,
            "torch.device" => GlobalKind.TorchDevice,
            "numpy.core.multiarray.scalar" or "numpy._core.multiarray.scalar" => GlobalKind.NumpyScalar,
            "numpy.dtype" => GlobalKind.NumpyDType,
            "numpy.core.multiarray._reconstruct" or "numpy._core.multiarray._reconstruct" => GlobalKind.NumpyReconstruct,
            "numpy.ndarray" => GlobalKind.NumpyArrayClass,
            "_codecs.encode" => GlobalKind.CodecsEncode,
            "builtins.set" or "__builtin__.set" => GlobalKind.Set,
            "builtins.frozenset" or "__builtin__.frozenset" => GlobalKind.FrozenSet,
            "builtins.slice" or "__builtin__.slice" or "argparse.Namespace" => GlobalKind.Opaque,
            _ => null,
        };

        if (kind is { } known)
        {
            return new PickleGlobal(fullName, known);
        }

        if (module == "torch" && TorchStorageTypes.FromName(name) is { } storageType)
        {
            return new PickleGlobal(fullName, GlobalKind.StorageClass, storageType);
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => FullName;
}
