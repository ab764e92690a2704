using SeCo.Vision.Imaging;

namespace SeCo.Vision.Segmentation;

/// <summary>
/// Felzenszwalb–Huttenlocher graph-based segmentation as scikit-image 0.19 computes it
/// (<c>skimage.segmentation.felzenszwalb</c>): each channel of the [0, 1] image is Gaussian-smoothed, every pixel
/// is joined to its right, lower, lower-right and upper-right neighbours by an edge weighted with the Euclidean
/// distance of the smoothed colours, edges are visited in ascending weight and two segments merge when the weight
/// is below both <c>Int(S) + k/|S|</c> (single precision, <c>k = scale/255</c>); a second pass over the same order
/// merges every segment smaller than <c>min_size</c>. Segments are numbered by the raster position of their first
/// pixel.
/// </summary>
/// <remarks>
/// Edges are sorted once (weight, then edge index, so equal weights keep a deterministic order — NumPy's quicksort
/// leaves their order unspecified); union–find keeps the smallest pixel index as the root like scikit-image does.
/// Working memory is a handful of flat arrays; nothing is allocated per pixel.
/// </remarks>
public static class FelzenszwalbSegmentation
{
    /// <summary>Segments an RGB image.</summary>
    public static SegmentMap Segment(RgbImage image, FelzenszwalbParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Segment(image.Data, image.Width, image.Height, 3, parameters);
    }

    /// <summary>Segments an interleaved <c>height × width × channels</c> uint8 image.</summary>
    /// <param name="pixels">Interleaved pixels, row-major.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="channels">Channels per pixel (3 for RGB, 1 for grey).</param>
    /// <param name="parameters">Scale, sigma and minimum size; scikit-image's defaults when omitted.</param>
    public static SegmentMap Segment(ReadOnlySpan<byte> pixels, int width, int height, int channels, FelzenszwalbParameters? parameters = null)
    {
        parameters ??= new FelzenszwalbParameters();
        parameters.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        var pixelCount = checked(width * height);
        if (pixels.Length != pixelCount * channels)
        {
            throw new ArgumentException($"Expected {height}×{width}×{channels} bytes, got {pixels.Length}.", nameof(pixels));
        }

        // img_as_float: uint8 · (1/255) in float64, then the per-channel Gaussian.
        var image = new double[pixels.Length];
        const double toUnit = 1.0 / 255;
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = pixels[i] * toUnit;
        }

        GaussianSmoothing.Apply(image, width, height, channels, parameters.Sigma);

        var (costs, edges) = BuildEdges(image, width, height, channels);
        SortEdges(costs, edges);

        var forest = new int[pixelCount];
        for (var i = 0; i < forest.Length; i++)
        {
            forest[i] = i;
        }

        var size = new int[pixelCount];
        size.AsSpan().Fill(1);
        var inner = new double[pixelCount];
        var k = parameters.Scale / 255.0;
        for (var e = 0; e < costs.Length; e++)
        {
            var (a, b) = Endpoints(edges[e], width, height);
            var root0 = FindRoot(forest, a);
            var root1 = FindRoot(forest, b);
            if (root0 == root1)
            {
                continue;
            }

            // scikit-image keeps these two thresholds in C floats.
            var threshold0 = (float)(inner[root0] + (k / size[root0]));
            var threshold1 = (float)(inner[root1] + (k / size[root1]));
            var cost = costs[e];
            if (cost < Math.Min(threshold0, threshold1))
            {
                var root = Join(forest, root0, root1);
                size[root] = size[root0] + size[root1];
                inner[root] = cost;
            }
        }

        var minSize = parameters.MinSize;
        for (var e = 0; e < costs.Length; e++)
        {
            var (a, b) = Endpoints(edges[e], width, height);
            var root0 = FindRoot(forest, a);
            var root1 = FindRoot(forest, b);
            if (root0 != root1 && (size[root0] < minSize || size[root1] < minSize))
            {
                var root = Join(forest, root0, root1);
                size[root] = size[root0] + size[root1];
            }
        }

        // Roots are the smallest pixel index of their segment, so numbering roots in pixel order numbers the
        // segments by the raster position of their first pixel (np.unique's inverse).
        var labels = new int[pixelCount];
        var count = 0;
        for (var i = 0; i < pixelCount; i++)
        {
            var root = FindRoot(forest, i);
            labels[i] = root == i ? count++ : labels[root];
        }

        return new SegmentMap(width, height, labels, count);
    }

    /// <summary>
    /// The edge weights and edge codes in scikit-image's order: right, down, down-right, up-right edges, each block
    /// row-major. An edge code is <c>direction · pixelCount + pixel</c> of the edge's upper-left anchor pixel.
    /// </summary>
    private static (double[] Costs, int[] Edges) BuildEdges(double[] image, int width, int height, int channels)
    {
        var pixelCount = width * height;
        var total = (height * (width - 1)) + ((height - 1) * width) + (2 * (height - 1) * (width - 1));
        var costs = new double[total];
        var edges = new int[total];
        var n = 0;
        for (var direction = 0; direction < 4; direction++)
        {
            var (dx, dy, x0, y0, x1, y1) = direction switch
            {
                0 => (1, 0, 0, 0, width - 1, height),
                1 => (0, 1, 0, 0, width, height - 1),
                2 => (1, 1, 0, 0, width - 1, height - 1),
                _ => (1, -1, 0, 1, width - 1, height),
            };
            for (var y = y0; y < y1; y++)
            {
                for (var x = x0; x < x1; x++)
                {
                    var p = ((y * width) + x) * channels;
                    var q = (((y + dy) * width) + x + dx) * channels;
                    var sum = 0.0;
                    for (var c = 0; c < channels; c++)
                    {
                        var d = image[q + c] - image[p + c];
                        sum += d * d;
                    }

                    costs[n] = Math.Sqrt(sum);
                    edges[n] = (direction * pixelCount) + (y * width) + x;
                    n++;
                }
            }
        }

        return (costs, edges);
    }

    /// <summary>Sorts by weight, equal weights by edge order (edge codes ascend in scikit-image's edge order).</summary>
    private static void SortEdges(double[] costs, int[] edges)
    {
        Array.Sort(costs, edges);
        var start = 0;
        for (var i = 1; i <= costs.Length; i++)
        {
            if (i == costs.Length || costs[i] != costs[start])
            {
                if (i - start > 1)
                {
                    Array.Sort(edges, start, i - start);
                }

                start = i;
            }
        }
    }

    private static (int A, int B) Endpoints(int code, int width, int height)
    {
        var pixelCount = width * height;
        var direction = code / pixelCount;
        var p = code - (direction * pixelCount);
        var q = direction switch
        {
            0 => p + 1,
            1 => p + width,
            2 => p + width + 1,
            _ => p - width + 1,
        };
        return (p, q);
    }

    private static int FindRoot(int[] forest, int n)
    {
        var root = n;
        while (forest[root] < root)
        {
            root = forest[root];
        }

        // Path compression (scikit-image compresses in join_trees; the partition is the same).
        while (forest[n] < n)
        {
            var next = forest[n];
            forest[n] = root;
            n = next;
        }

        return root;
    }

    /// <summary>Joins two roots under the smaller index (scikit-image's <c>join_trees</c>); returns the new root.</summary>
    private static int Join(int[] forest, int root0, int root1)
    {
        var root = Math.Min(root0, root1);
        forest[root0] = root;
        forest[root1] = root;
        return root;
    }
}
