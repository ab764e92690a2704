namespace SeCo.Vision.Geometry;

/// <summary>
/// GNU libstdc++'s <c>std::sort</c> (introsort, median-of-three, threshold 16, final insertion sort), element
/// for element. It is not stable; OpenCV's convex hull depends on where it leaves equal points.
/// </summary>
internal static class LibStdCxxSort
{
    private const int Threshold = 16;

    public static void Sort(int[] items, Func<int, int, bool> less)
    {
        var n = items.Length;
        if (n < 2)
        {
            return;
        }

        IntroSortLoop(items, 0, n, 2 * Log2(n), less);
        FinalInsertionSort(items, 0, n, less);
    }

    private static int Log2(int n) => 31 - int.LeadingZeroCount(n);

    private static void IntroSortLoop(int[] a, int first, int last, int depthLimit, Func<int, int, bool> less)
    {
        while (last - first > Threshold)
        {
            if (depthLimit == 0)
            {
                HeapSort(a, first, last, less);
                return;
            }

            --depthLimit;
            var cut = UnguardedPartitionPivot(a, first, last, less);
            IntroSortLoop(a, cut, last, depthLimit, less);
            last = cut;
        }
    }

    private static int UnguardedPartitionPivot(int[] a, int first, int last, Func<int, int, bool> less)
    {
        var mid = first + ((last - first) / 2);
        MoveMedianToFirst(a, first, first + 1, mid, last - 1, less);
        return UnguardedPartition(a, first + 1, last, first, less);
    }

    private static void MoveMedianToFirst(int[] a, int result, int x, int y, int z, Func<int, int, bool> less)
    {
        if (less(a[x], a[y]))
        {
            if (less(a[y], a[z]))
            {
                Swap(a, result, y);
            }
            else if (less(a[x], a[z]))
            {
                Swap(a, result, z);
            }
            else
            {
                Swap(a, result, x);
            }
        }
        else if (less(a[x], a[z]))
        {
            Swap(a, result, x);
        }
        else if (less(a[y], a[z]))
        {
            Swap(a, result, z);
        }
        else
        {
            Swap(a, result, y);
        }
    }

    private static int UnguardedPartition(int[] a, int first, int last, int pivot, Func<int, int, bool> less)
    {
        while (true)
        {
            while (less(a[first], a[pivot]))
            {
                ++first;
            }

            --last;
            while (less(a[pivot], a[last]))
            {
                --last;
            }

            if (!(first < last))
            {
                return first;
            }

            Swap(a, first, last);
            ++first;
        }
    }

    private static void FinalInsertionSort(int[] a, int first, int last, Func<int, int, bool> less)
    {
        if (last - first > Threshold)
        {
            InsertionSort(a, first, first + Threshold, less);
            for (var i = first + Threshold; i != last; ++i)
            {
                UnguardedLinearInsert(a, i, less);
            }
        }
        else
        {
            InsertionSort(a, first, last, less);
        }
    }

    private static void InsertionSort(int[] a, int first, int last, Func<int, int, bool> less)
    {
        if (first == last)
        {
            return;
        }

        for (var i = first + 1; i != last; ++i)
        {
            if (less(a[i], a[first]))
            {
                var value = a[i];
                Array.Copy(a, first, a, first + 1, i - first);
                a[first] = value;
            }
            else
            {
                UnguardedLinearInsert(a, i, less);
            }
        }
    }

    private static void UnguardedLinearInsert(int[] a, int last, Func<int, int, bool> less)
    {
        var value = a[last];
        var next = last - 1;
        while (less(value, a[next]))
        {
            a[last] = a[next];
            last = next;
            --next;
        }

        a[last] = value;
    }

    private static void HeapSort(int[] a, int first, int last, Func<int, int, bool> less)
    {
        // std::__partial_sort(first, last, last): make_heap then sort_heap.
        var len = last - first;
        if (len >= 2)
        {
            var parent = (len - 2) / 2;
            while (true)
            {
                AdjustHeap(a, first, parent, len, a[first + parent], less);
                if (parent == 0)
                {
                    break;
                }

                parent--;
            }
        }

        while (last - first > 1)
        {
            --last;
            var value = a[last];
            a[last] = a[first];
            AdjustHeap(a, first, 0, last - first, value, less);
        }
    }

    private static void AdjustHeap(int[] a, int first, int holeIndex, int len, int value, Func<int, int, bool> less)
    {
        var topIndex = holeIndex;
        var secondChild = holeIndex;
        while (secondChild < (len - 1) / 2)
        {
            secondChild = 2 * (secondChild + 1);
            if (less(a[first + secondChild], a[first + secondChild - 1]))
            {
                secondChild--;
            }

            a[first + holeIndex] = a[first + secondChild];
            holeIndex = secondChild;
        }

        if ((len & 1) == 0 && secondChild == (len - 2) / 2)
        {
            secondChild = 2 * (secondChild + 1);
            a[first + holeIndex] = a[first + secondChild - 1];
            holeIndex = secondChild - 1;
        }

        var parent = (holeIndex - 1) / 2;
        while (holeIndex > topIndex && less(a[first + parent], value))
        {
            a[first + holeIndex] = a[first + parent];
            holeIndex = parent;
            parent = (holeIndex - 1) / 2;
        }

        a[first + holeIndex] = value;
    }

    private static void Swap(int[] a, int i, int j) => (a[i], a[j]) = (a[j], a[i]);
}
