using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Taxonomies;

/// <summary>The class tables of the built-in taxonomies (datasets.md §1–2, psa.md §3).</summary>
internal static class BuiltInTaxonomies
{
    private static readonly (string Name, (byte R, byte G, byte B) Color, bool IsThing)[] s_cityscapes =
    [
        ("road", (128, 64, 128), false),
        ("sidewalk", (244, 35, 232), false),
        ("building", (70, 70, 70), false),
        ("wall", (102, 102, 156), false),
        ("fence", (190, 153, 153), false),
        ("pole", (153, 153, 153), true),
        ("traffic light", (250, 170, 30), true),
        ("traffic sign", (220, 220, 0), true),
        ("vegetation", (107, 142, 35), false),
        ("terrain", (152, 251, 152), false),
        ("sky", (0, 130, 180), false),
        ("person", (220, 20, 60), true),
        ("rider", (255, 0, 0), true),
        ("car", (0, 0, 142), true),
        ("truck", (0, 0, 70), true),
        ("bus", (0, 60, 100), true),
        ("train", (0, 80, 100), true),
        ("motorcycle", (0, 0, 230), true),
        ("bicycle", (119, 11, 32), true),
    ];

    /// <summary>The 19 train ids kept by the SYNTHIA 16-class taxonomy, in 16-class order.</summary>
    private static readonly int[] s_synthiaFromCityscapes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 15, 17, 18];

    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["light"] = "traffic light",
        ["sign"] = "traffic sign",
        ["motocycle"] = "motorcycle",
    };

    public static Taxonomy CreateCityscapes19()
    {
        var classes = new TaxonomyClass[s_cityscapes.Length];
        for (var i = 0; i < classes.Length; i++)
        {
            classes[i] = new TaxonomyClass(i, s_cityscapes[i].Name, s_cityscapes[i].Color, s_cityscapes[i].IsThing);
        }

        return new Taxonomy("cityscapes19", classes, Palette.SeCoCityscapes, s_aliases);
    }

    public static Taxonomy CreateSynthia16()
    {
        var classes = new TaxonomyClass[s_synthiaFromCityscapes.Length];
        for (var i = 0; i < classes.Length; i++)
        {
            var source = s_cityscapes[s_synthiaFromCityscapes[i]];
            classes[i] = new TaxonomyClass(i, source.Name, source.Color, source.IsThing);
        }

        return new Taxonomy("synthia16", classes, aliases: s_aliases);
    }
}
