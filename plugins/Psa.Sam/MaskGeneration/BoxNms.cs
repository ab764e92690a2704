namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>
/// torchvision's <c>batched_nms</c> with one category: greedy suppression in descending score order of boxes
/// whose IoU with a kept box is above the threshold (float32 arithmetic; IoU 0/0 = NaN never suppresses).
/// </summary>
public static class BoxNms
{
    /// <summary>
    /// Indices of the kept boxes, by descending score (ties keep input order). <paramref name="boxes"/> holds
    /// XYXY quadruples.
    /// </summary>
    public static int[] Run(ReadOnlySpan<float> boxes, ReadOnlySpan<float> scores, double iouThreshold)
    {
        var count = scores.Length;
        if (boxes.Length != count * 4)
        {
            throw new ArgumentException("Expected four coordinates per score.", nameof(boxes));
        }

        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var bySore = keys[b].CompareTo(keys[a]);
            return bySore != 0 ? bySore : a.CompareTo(b);
        });

        var areas = new float[count];
        for (var i = 0; i < count; i++)
        {
            areas[i] = (boxes[i * 4 + 2] - boxes[i * 4]) * (boxes[i * 4 + 3] - boxes[i * 4 + 1]);
        }

        var threshold = (float)iouThreshold;
        var suppressed = new bool[count];
        var kept = new List<int>(count);
        for (var oi = 0; oi < count; oi++)
        {
            var i = order[oi];
            if (suppressed[i])
            {
                continue;
            }

            kept.Add(i);
            for (var oj = oi + 1; oj < count; oj++)
            {
                var j = order[oj];
                if (suppressed[j])
                {
                    continue;
                }

                var width = Math.Max(0f, Math.Min(boxes[i * 4 + 2], boxes[j * 4 + 2]) - Math.Max(boxes[i * 4], boxes[j * 4]));
                var height = Math.Max(0f, Math.Min(boxes[i * 4 + 3], boxes[j * 4 + 3]) - Math.Max(boxes[i * 4 + 1], boxes[j * 4 + 1]));
                var intersection = width * height;
                var iou = intersection / (areas[i] + areas[j] - intersection);
                if (iou > threshold)
                {
                    suppressed[j] = true;
                }
            }
        }

        return [.. kept];
    }
}
