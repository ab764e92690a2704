namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>The reference <c>build_point_grid</c> / <c>build_all_layer_point_grids</c>: normalised point grids, row by row.</summary>
public static class PointGrid
{
    /// <summary><paramref name="pointsPerSide"/>² points (x, y) as a flat array, y outer, x inner, cell centres in [0, 1].</summary>
    public static double[] Build(int pointsPerSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pointsPerSide);
        var offset = 1.0 / (2 * pointsPerSide);
        var side = Linspace(offset, 1 - offset, pointsPerSide);
        var points = new double[pointsPerSide * pointsPerSide * 2];
        for (var y = 0; y < pointsPerSide; y++)
        {
            for (var x = 0; x < pointsPerSide; x++)
            {
                points[(y * pointsPerSide + x) * 2] = side[x];
                points[(y * pointsPerSide + x) * 2 + 1] = side[y];
            }
        }

        return points;
    }

    /// <summary>One grid per crop layer 0..<paramref name="layers"/>, with <c>trunc(n / scale^i)</c> points per side.</summary>
    public static IReadOnlyList<double[]> BuildAllLayers(int pointsPerSide, int layers, int scalePerLayer)
    {
        var grids = new List<double[]>(layers + 1);
        for (var i = 0; i <= layers; i++)
        {
            grids.Add(Build((int)(pointsPerSide / Math.Pow(scalePerLayer, i))));
        }

        return grids;
    }

    /// <summary>numpy's <c>linspace</c> with endpoint: <c>i·step + start</c>, last value exactly <paramref name="stop"/>.</summary>
    private static double[] Linspace(double start, double stop, int count)
    {
        var values = new double[count];
        if (count == 1)
        {
            values[0] = start;
            return values;
        }

        var step = (stop - start) / (count - 1);
        for (var i = 0; i < count; i++)
        {
            values[i] = i * step + start;
        }

        values[^1] = stop;
        return values;
    }
}
