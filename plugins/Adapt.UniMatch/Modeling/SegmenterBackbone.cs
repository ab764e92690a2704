using System.Text.Json.Serialization;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// The backbone of the DeepLabV3+ segmenter (option <c>backbone</c>); the JSON names are also the architecture names
/// checkpoints carry (<c>deeplabv3plus-&lt;name&gt;</c>, see <see cref="DeepLabV3PlusConfig.ForBackbone"/>).
/// </summary>
public enum SegmenterBackbone
{
    /// <summary>UniMatch's deep-stem ResNet-101, the paper's.</summary>
    [JsonStringEnumMemberName("resnet101")]
    ResNet101,

    /// <summary>The deep-stem ResNet-50.</summary>
    [JsonStringEnumMemberName("resnet50")]
    ResNet50,

    /// <summary>The ResNet-50 layout at 1/4 width (about 2.5M parameters for 19 classes), for CPU demos (no pretrained weights).</summary>
    [JsonStringEnumMemberName("small")]
    Small,

    /// <summary>
    /// <c>tiny</c> at output stride 8 (layer3 and layer4 dilated instead of strided) with ASPP dilations 3, 6, 9: the same
    /// weights, a feature map 4x larger, for images of a few hundred pixels whose thin classes vanish at stride 16.
    /// </summary>
    [JsonStringEnumMemberName("tinyOs8")]
    TinyOs8,

    /// <summary>The ResNet-50 layout at 1/8 width, for CPU demos and tests (no pretrained weights).</summary>
    [JsonStringEnumMemberName("tiny")]
    Tiny,
}
