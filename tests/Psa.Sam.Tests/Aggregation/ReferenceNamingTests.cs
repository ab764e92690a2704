using SeCo.Plugins.Psa.Stages;

namespace Psa.Sam.Tests.Aggregation;

/// <summary>The reference's output naming (spec psa §7), including its global substring replacement.</summary>
public sealed class ReferenceNamingTests
{
    [Theory]
    [InlineData("HRDA_seco/train/aachen/x.png", "vit_h", "HRDA_seco_sam_vit_h/train/aachen/x.png")]
    [InlineData("psd_label/train/synth_000.png", "tiny", "psd_label_sam_tiny/train/synth_000.png")]
    [InlineData("EXP/train/c/EXP_1.png", "vit_b", "EXP_sam_vit_b/train/c/EXP_sam_vit_b_1.png")]
    [InlineData("plain.png", "vit_b", "labels_sam_vit_b/plain.png")]
    public void Output_path_replaces_every_occurrence_of_the_first_folder(string label, string samType, string expected) =>
        ReferenceNaming.OutputLabelPath(label, samType).Should().Be(expected);
}
