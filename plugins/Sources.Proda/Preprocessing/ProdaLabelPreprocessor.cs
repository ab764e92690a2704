using SeCo.Vision.LabelMaps;

namespace SeCo.Plugins.Sources.Proda.Preprocessing;

/// <summary>
/// ProDA's ground-truth preprocessing: PIL nearest resize of a Cityscapes <c>labelIds</c> map to the model
/// size, then <c>encode_segmap</c> (the 19 valid ids to train ids 0..18, everything else
/// <see cref="Ignore"/> = 250, ProDA's ignore value).
/// </summary>
public static class ProdaLabelPreprocessor
{
    /// <summary>ProDA's ignore value (not 255).</summary>
    public const byte Ignore = 250;

    private static readonly byte[] s_labelIdToTrainId = BuildTable();

    /// <summary>Resizes (PIL nearest) and maps label ids to train ids.</summary>
    /// <param name="labelIds">A Cityscapes <c>gtFine_labelIds</c> map.</param>
    /// <param name="width">Target width.</param>
    /// <param name="height">Target height.</param>
    public static LabelMap Encode(LabelMap labelIds, int width, int height)
    {
        var resized = PilNearest(labelIds, width, height);
        var data = resized.Data;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = s_labelIdToTrainId[data[i]];
        }

        return resized;
    }

    /// <summary>
    /// PIL's nearest resize: per axis <c>s = src / dst</c> (double), <c>pos = s / 2</c>, and for each output
    /// pixel <c>src = (int)pos; pos += s</c> (the accumulated sum decides ties).
    /// </summary>
    public static LabelMap PilNearest(LabelMap map, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(map);
        var columns = SourceIndices(map.Width, width);
        var rows = SourceIndices(map.Height, height);
        var result = new LabelMap(width, height);
        for (var y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> source = map.Row(rows[y]);
            var target = result.Row(y);
            for (var x = 0; x < width; x++)
            {
                target[x] = source[columns[x]];
            }
        }

        return result;
    }

    private static int[] SourceIndices(int sourceSize, int targetSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSize, 1);
        var indices = new int[targetSize];
        var step = (double)sourceSize / targetSize;
        var position = step / 2;
        for (var i = 0; i < targetSize; i++)
        {
            indices[i] = Math.Min((int)position, sourceSize - 1);
            position += step;
        }

        return indices;
    }

    private static byte[] BuildTable()
    {
        ReadOnlySpan<int> valid = [7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33];
        var table = new byte[256];
        Array.Fill(table, Ignore);
        for (var i = 0; i < valid.Length; i++)
        {
            table[valid[i]] = (byte)i;
        }

        return table;
    }
}
