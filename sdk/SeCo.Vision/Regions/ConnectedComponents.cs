using System.Buffers;

namespace SeCo.Vision.Regions;

/// <summary>
/// Connected-component labelling of every class of a label map, or of a binary mask, in one pass over the
/// image. The image is scanned row by row as runs of equal value; runs of the same class that touch runs of
/// the previous row are joined with a union-find, so the work is proportional to the number of runs, not to
/// the number of classes.
/// </summary>
/// <remarks>
/// Regions are numbered by class ascending, then by <see cref="ComponentOrder"/> within the class. With
/// <see cref="ComponentOrder.OpenCv"/> and <see cref="Connectivity.Eight"/> the numbering is exactly SeCo's
/// <c>gen_ins_mask</c> order (per class <c>cv2.connectedComponents(lm == c, connectivity=8)</c>, labels 1..n-1);
/// with <see cref="ComponentOrder.FirstPixel"/> it is scikit-image's <c>label</c> order. Memory: the
/// region-index map (4 bytes per pixel) plus pooled scratch proportional to the number of runs.
/// </remarks>
public static class ConnectedComponents
{
    /// <summary>The label-map value that marks ignored pixels (Cityscapes train ids).</summary>
    public const int DefaultIgnoreValue = 255;

    /// <summary>
    /// Labels the components of every class of a row-major label map. Pixels equal to
    /// <paramref name="ignoreValue"/> belong to no region (index -1); pass -1 to label every value.
    /// </summary>
    /// <param name="labels">Row-major class per pixel, <paramref name="width"/> x <paramref name="height"/>.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="connectivity">Neighbourhood; SeCo uses <see cref="Connectivity.Eight"/>.</param>
    /// <param name="order">Numbering of each class's components.</param>
    /// <param name="ignoreValue">Value without regions (0..255), or -1 for none.</param>
    public static RegionLabeling LabelClasses(ReadOnlySpan<byte> labels, int width, int height,
        Connectivity connectivity = Connectivity.Eight, ComponentOrder order = ComponentOrder.OpenCv, int ignoreValue = DefaultIgnoreValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ignoreValue, -1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ignoreValue, 255);
        return Label(labels, width, height, connectivity, order, binary: false, ignoreValue);
    }

    /// <summary>
    /// Labels the components of a row-major binary mask (any non-zero byte is foreground). Every region has
    /// class 1; background pixels have index -1. With the default arguments the numbering equals
    /// <c>cv2.connectedComponents(mask, connectivity=8)</c> minus one.
    /// </summary>
    public static RegionLabeling LabelMask(ReadOnlySpan<byte> mask, int width, int height,
        Connectivity connectivity = Connectivity.Eight, ComponentOrder order = ComponentOrder.OpenCv) =>
        Label(mask, width, height, connectivity, order, binary: true, ignoreValue: 0);

    private static RegionLabeling Label(ReadOnlySpan<byte> pixels, int width, int height, Connectivity connectivity,
        ComponentOrder order, bool binary, int ignoreValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        if (pixels.Length != (long)width * height)
        {
            throw new ArgumentException($"The image holds {pixels.Length} pixels; {height}x{width} needs {(long)width * height}.", nameof(pixels));
        }

        if (connectivity is not (Connectivity.Four or Connectivity.Eight))
        {
            throw new ArgumentOutOfRangeException(nameof(connectivity), connectivity, "Connectivity must be Four or Eight.");
        }

        var state = new LabelingState(Math.Max(16, height * 4));
        try
        {
            state.ScanRuns(pixels, width, height, connectivity == Connectivity.Eight ? 1 : 0, binary, ignoreValue);
            // OpenCV 4.6 labels 4-connected components in raster order of their first pixel (verified with cv2).
            var byBlock = order == ComponentOrder.OpenCv && connectivity == Connectivity.Eight;
            var regions = state.NumberComponents(byBlock, binary);
            // Every pixel is painted below, so the map needs no zeroing.
            var regionIndex = GC.AllocateUninitializedArray<int>(pixels.Length);
            state.PaintAndMeasure(regionIndex, width, height, regions);
            return new RegionLabeling(width, height, regionIndex, regions);
        }
        finally
        {
            state.Return();
        }
    }

    /// <summary>Pooled scratch of one labelling: the runs of every row and the union-find over provisional labels.</summary>
    private struct LabelingState
    {
        private int[] _runStart;
        private int[] _runEnd;
        private int[] _runLabel;
        private int[] _runClass;
        private int[] _rowFirstRun;
        private int[] _parent;
        private int[] _labelClass;
        private int[] _labelKey;
        private int[] _labelFirstPixel;
        private int[] _final;
        private int _runCount;
        private int _labelCount;

        public LabelingState(int capacity)
        {
            var pool = ArrayPool<int>.Shared;
            _runStart = pool.Rent(capacity);
            _runEnd = pool.Rent(capacity);
            _runLabel = pool.Rent(capacity);
            _runClass = pool.Rent(capacity);
            _rowFirstRun = [];
            _parent = pool.Rent(capacity);
            _labelClass = pool.Rent(capacity);
            _labelKey = pool.Rent(capacity);
            _labelFirstPixel = pool.Rent(capacity);
            _final = [];
        }

        /// <summary>Pass 1: runs per row, provisional labels joined to overlapping same-class runs of the row above.</summary>
        public void ScanRuns(ReadOnlySpan<byte> pixels, int width, int height, int diagonal, bool binary, int ignoreValue)
        {
            _rowFirstRun = ArrayPool<int>.Shared.Rent(height + 1);
            var blocksPerRow = (width + 1) >> 1;
            var previousFirst = 0;
            var previousEnd = 0;
            for (var y = 0; y < height; y++)
            {
                var row = pixels.Slice(y * width, width);
                _rowFirstRun[y] = _runCount;
                var j = previousFirst;
                var x = 0;
                var rowKey = (y >> 1) * blocksPerRow;
                while (x < width)
                {
                    var value = row[x];
                    int cls;
                    int length;
                    if (binary)
                    {
                        cls = value != 0 ? 1 : 0;
                        length = cls == 1 ? row[x..].IndexOf((byte)0) : row[x..].IndexOfAnyExcept((byte)0);
                    }
                    else
                    {
                        cls = value;
                        length = row[x..].IndexOfAnyExcept(value);
                    }

                    var end = length < 0 ? width : x + length;
                    var label = -1;
                    if (cls != ignoreValue)
                    {
                        // Runs of the row above touching [x, end): 8-connectivity widens the window by one pixel each side.
                        while (j < previousEnd && _runEnd[j] + diagonal <= x)
                        {
                            j++;
                        }

                        for (var k = j; k < previousEnd && _runStart[k] < end + diagonal; k++)
                        {
                            if (_runClass[k] == cls)
                            {
                                var other = _runLabel[k];
                                label = label < 0 ? Find(other) : Union(label, other);
                            }
                        }

                        var key = rowKey + (x >> 1);
                        if (label < 0)
                        {
                            label = NewLabel(cls, key, (y * width) + x);
                        }
                        else if (key < _labelKey[label])
                        {
                            _labelKey[label] = key;
                        }
                    }

                    AddRun(x, end, label, label < 0 ? -1 : cls);
                    x = end;
                }

                previousFirst = _rowFirstRun[y];
                previousEnd = _runCount;
            }

            _rowFirstRun[height] = _runCount;
        }

        /// <summary>Resolves the union-find, sorts the components (class, then order key) and returns the region table skeleton.</summary>
        public Region[] NumberComponents(bool byBlock, bool binary)
        {
            var pool = ArrayPool<int>.Shared;
            var rootCount = 0;
            for (var l = 0; l < _labelCount; l++)
            {
                var p = _parent[l];
                if (p == l)
                {
                    rootCount++;
                    continue;
                }

                // Roots are the smallest label of their set and parents point down, so parent[p] is already a root.
                var root = _parent[p];
                _parent[l] = root;
                if (_labelKey[l] < _labelKey[root])
                {
                    _labelKey[root] = _labelKey[l];
                }
            }

            var sortKeys = ArrayPool<long>.Shared.Rent(rootCount);
            var roots = pool.Rent(rootCount);
            try
            {
                var n = 0;
                for (var l = 0; l < _labelCount; l++)
                {
                    if (_parent[l] == l)
                    {
                        var within = byBlock ? _labelKey[l] : _labelFirstPixel[l];
                        sortKeys[n] = ((long)_labelClass[l] << 32) | (uint)within;
                        roots[n++] = l;
                    }
                }

                Array.Sort(sortKeys, roots, 0, rootCount);
                _final = pool.Rent(Math.Max(1, _labelCount));
                var regions = new Region[rootCount];
                var previousClass = -1;
                var classLabel = 0;
                for (var r = 0; r < rootCount; r++)
                {
                    var root = roots[r];
                    _final[root] = r;
                    var cls = _labelClass[root];
                    classLabel = cls == previousClass ? classLabel + 1 : 1;
                    previousClass = cls;
                    regions[r] = new Region(binary ? 1 : cls, classLabel, 0, 0, 0, 0, 0, _labelFirstPixel[root]);
                }

                for (var l = 0; l < _labelCount; l++)
                {
                    _final[l] = _final[_parent[l]];
                }

                return regions;
            }
            finally
            {
                ArrayPool<long>.Shared.Return(sortKeys);
                pool.Return(roots);
            }
        }

        /// <summary>Pass 2: writes region numbers run by run and accumulates area and bounding boxes.</summary>
        public readonly void PaintAndMeasure(int[] regionIndex, int width, int height, Region[] regions)
        {
            var count = regions.Length;
            var pool = ArrayPool<int>.Shared;
            var area = pool.Rent(Math.Max(1, count));
            var left = pool.Rent(Math.Max(1, count));
            var right = pool.Rent(Math.Max(1, count));
            var top = pool.Rent(Math.Max(1, count));
            var bottom = pool.Rent(Math.Max(1, count));
            try
            {
                area.AsSpan(0, count).Clear();
                left.AsSpan(0, count).Fill(int.MaxValue);
                right.AsSpan(0, count).Fill(-1);
                top.AsSpan(0, count).Fill(-1);
                for (var y = 0; y < height; y++)
                {
                    var rowOffset = y * width;
                    for (var k = _rowFirstRun[y]; k < _rowFirstRun[y + 1]; k++)
                    {
                        var label = _runLabel[k];
                        var start = _runStart[k];
                        var end = _runEnd[k];
                        var region = label < 0 ? -1 : _final[label];
                        regionIndex.AsSpan(rowOffset + start, end - start).Fill(region);
                        if (region < 0)
                        {
                            continue;
                        }

                        area[region] += end - start;
                        if (start < left[region])
                        {
                            left[region] = start;
                        }

                        if (end - 1 > right[region])
                        {
                            right[region] = end - 1;
                        }

                        if (top[region] < 0)
                        {
                            top[region] = y;
                        }

                        bottom[region] = y;
                    }
                }

                for (var r = 0; r < count; r++)
                {
                    regions[r] = regions[r] with
                    {
                        Area = area[r],
                        Left = left[r],
                        Top = top[r],
                        Width = right[r] - left[r] + 1,
                        Height = bottom[r] - top[r] + 1,
                    };
                }
            }
            finally
            {
                pool.Return(area);
                pool.Return(left);
                pool.Return(right);
                pool.Return(top);
                pool.Return(bottom);
            }
        }

        public readonly void Return()
        {
            var pool = ArrayPool<int>.Shared;
            pool.Return(_runStart);
            pool.Return(_runEnd);
            pool.Return(_runLabel);
            pool.Return(_runClass);
            pool.Return(_parent);
            pool.Return(_labelClass);
            pool.Return(_labelKey);
            pool.Return(_labelFirstPixel);
            if (_rowFirstRun.Length > 0)
            {
                pool.Return(_rowFirstRun);
            }

            if (_final.Length > 0)
            {
                pool.Return(_final);
            }
        }

        private int Find(int label)
        {
            var parent = _parent;
            while (parent[label] != label)
            {
                var grand = parent[parent[label]];
                parent[label] = grand;
                label = grand;
            }

            return label;
        }

        private int Union(int a, int b)
        {
            var ra = Find(a);
            var rb = Find(b);
            if (ra == rb)
            {
                return ra;
            }

            // The smaller (earlier) label stays the root, so a root is its component's first run in raster order.
            if (rb < ra)
            {
                (ra, rb) = (rb, ra);
            }

            _parent[rb] = ra;
            return ra;
        }

        private int NewLabel(int cls, int key, int firstPixel)
        {
            if (_labelCount == _parent.Length)
            {
                Grow(ref _parent, _labelCount);
                Grow(ref _labelClass, _labelCount);
                Grow(ref _labelKey, _labelCount);
                Grow(ref _labelFirstPixel, _labelCount);
            }

            var label = _labelCount++;
            _parent[label] = label;
            _labelClass[label] = cls;
            _labelKey[label] = key;
            _labelFirstPixel[label] = firstPixel;
            return label;
        }

        private void AddRun(int start, int end, int label, int cls)
        {
            if (_runCount == _runStart.Length)
            {
                Grow(ref _runStart, _runCount);
                Grow(ref _runEnd, _runCount);
                Grow(ref _runLabel, _runCount);
                Grow(ref _runClass, _runCount);
            }

            _runStart[_runCount] = start;
            _runEnd[_runCount] = end;
            _runLabel[_runCount] = label;
            _runClass[_runCount] = cls;
            _runCount++;
        }

        private static void Grow(ref int[] array, int used)
        {
            var pool = ArrayPool<int>.Shared;
            var larger = pool.Rent(array.Length * 2);
            array.AsSpan(0, used).CopyTo(larger);
            pool.Return(array);
            array = larger;
        }
    }
}
