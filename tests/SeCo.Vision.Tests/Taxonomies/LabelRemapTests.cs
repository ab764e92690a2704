using SeCo.Vision.LabelMaps;
using SeCo.Vision.Taxonomies;

namespace SeCo.Vision.Tests.Taxonomies;

/// <summary>The test oracles of datasets.md §7.</summary>
public sealed class LabelRemapTests
{
    [Theory]
    [InlineData(7, 0)]
    [InlineData(26, 13)]
    [InlineData(33, 18)]
    [InlineData(22, 9)]
    [InlineData(0, 255)]
    [InlineData(6, 255)]
    [InlineData(34, 255)]
    [InlineData(255, 255)]
    public void Cityscapes_label_ids_map_to_train_ids(byte labelId, byte trainId) =>
        LabelRemap.CityscapesLabelIdToTrainId[labelId].Should().Be(trainId);

    [Fact]
    public void Nineteen_classes_map_to_sixteen()
    {
        var map = new LabelMap(10, 1, [0, 9, 10, 13, 14, 15, 16, 17, 18, 255]);

        LabelRemap.Cityscapes19To16.Apply(map).Data.Should().Equal(0, 255, 9, 12, 255, 13, 255, 14, 15, 255);
    }

    [Fact]
    public void Sixteen_to_nineteen_inverts_nineteen_to_sixteen_on_kept_classes()
    {
        for (var c = 0; c < 19; c++)
        {
            var sixteen = LabelRemap.Cityscapes19To16[(byte)c];
            if (sixteen != 255)
            {
                LabelRemap.Synthia16To19[sixteen].Should().Be((byte)c);
                Taxonomy.Synthia16.Classes[sixteen].Name.Should().Be(Taxonomy.Cityscapes19.Classes[c].Name);
            }
        }
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(1, 9)]
    [InlineData(21, 3)]
    [InlineData(12, 14)]
    [InlineData(0, 255)]
    [InlineData(13, 255)]
    public void Synthia_raw_ids_map_to_sixteen_classes(byte raw, byte sixteen) =>
        LabelRemap.SynthiaRawTo16[raw].Should().Be(sixteen);

    [Fact]
    public void Apply_leaves_the_original_untouched()
    {
        var map = new LabelMap(2, 1, [7, 8]);

        var remapped = LabelRemap.CityscapesLabelIdToTrainId.Apply(map);

        remapped.Data.Should().Equal(0, 1);
        map.Data.Should().Equal(7, 8);
    }
}
