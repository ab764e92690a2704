using System.Text.Json;
using SeCo.Testing;
using SeCo.Vision.Rle;

namespace Psa.Sam.Tests.Golden;

/// <summary>One golden PSA record (<c>psa/records/&lt;type&gt;/synth_00N.json</c>): what the reference consumed and produced.</summary>
internal sealed record PsaRecord(int Height, int Width, IReadOnlyList<byte[]> AmgMasks, IReadOnlyList<PsaRecord.Component> Components)
{
    /// <summary>
    /// A component that reached <c>get_mini_boxes</c>; the pixel fields, prompt and <see cref="Mask"/> are null when the
    /// reference skipped it (empty unclip), as the records hold only the geometry then.
    /// </summary>
    public sealed record Component(
        int LabelId, int? NumPixels, (int X, int Y)? FirstPixel, int[][] Contour, double ContourArea, float[][] MiniBox,
        int[][][] Unclip, int[]? InputBox, int[][]? Points, byte[]? Mask);

    public static PsaRecord Read(string type, string image)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("psa", "records", type, image + ".json")));
        var root = document.RootElement;
        var shape = root.GetProperty("image_shape");
        var height = shape[0].GetInt32();
        var width = shape[1].GetInt32();
        var amg = root.GetProperty("amg_masks").EnumerateArray().Select(m => Decode(m.GetProperty("segmentation"), height, width)).ToList();
        var components = root.GetProperty("components").EnumerateArray().Select(c =>
        {
            var hasPredict = c.TryGetProperty("predict", out var predict);
            return new Component(
                c.GetProperty("label_id").GetInt32(),
                hasPredict ? c.GetProperty("num_pixels").GetInt32() : null,
                hasPredict ? (c.GetProperty("first_pixel_xy")[0].GetInt32(), c.GetProperty("first_pixel_xy")[1].GetInt32()) : null,
                Ints2(c.GetProperty("contour")),
                c.GetProperty("contour_area").GetDouble(),
                c.GetProperty("mini_box").GetProperty("points").EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray(),
                c.GetProperty("unclip").EnumerateArray().Select(Ints2).ToArray(),
                hasPredict ? c.GetProperty("input_box_xyxy").EnumerateArray().Select(v => v.GetInt32()).ToArray() : null,
                hasPredict ? Ints2(predict.GetProperty("point_coords")) : null,
                hasPredict ? Decode(predict.GetProperty("mask_rle"), height, width) : null);
        }).ToList();
        root.GetProperty("num_amg_masks").GetInt32().Should().Be(amg.Count);
        root.GetProperty("num_components").GetInt32().Should().Be(components.Count);
        return new PsaRecord(height, width, amg, components);
    }

    private static int[][] Ints2(JsonElement element) =>
        element.EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();

    /// <summary>Decodes a column-major uncompressed RLE to a row-major 0/1 mask.</summary>
    private static byte[] Decode(JsonElement rle, int height, int width)
    {
        var size = rle.GetProperty("size");
        size[0].GetInt32().Should().Be(height);
        size[1].GetInt32().Should().Be(width);
        var counts = rle.GetProperty("counts").EnumerateArray().Select(v => (uint)v.GetInt64()).ToArray();
        return new CocoRle(height, width, counts).Decode();
    }
}
