using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Sources.Proda.Profiling;

/// <summary>
/// Times, in process CPU time, one run of each distinct operation of the DeepLabV2-R101 eval forward
/// (listed with its count in <c>Profiling/ops.txt</c>) so the per-op-kind cost can be compared with torch 1.13
/// on the same shapes. CPU time, not wall time, because the shared machine is oversubscribed; with one thread
/// it measures the kernels alone (no OpenMP spinning or scheduling).
/// </summary>
public static class ProdaOpProfile
{
    /// <summary>Runs the profile and writes one line per operation and the weighted total to the console.</summary>
    /// <param name="opsFile">The operation list.</param>
    /// <param name="threads">Intra-op threads.</param>
    /// <param name="channelsLast">Run the convolutions in channels-last memory format.</param>
    public static void Run(string opsFile, int threads, bool channelsLast)
    {
        set_num_threads(threads);
        random.manual_seed(0);
        var total = 0.0;
        foreach (var raw in File.ReadLines(opsFile))
        {
            var fields = raw.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            var count = int.Parse(fields[2], CultureInfo.InvariantCulture);
            var args = fields[3..].Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var op = Build(fields[0], args, channelsLast);
            op().Dispose();
            var process = Process.GetCurrentProcess();
            var start = process.TotalProcessorTime;
            op().Dispose();
            process.Refresh();
            var seconds = (process.TotalProcessorTime - start).TotalSeconds;
            total += seconds * count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{fields[1],-24} x{count,3} {seconds * 1000,9:F1} ms  total {seconds * count * 1000,9:F1} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"TOTAL {total:F2} s CPU (threads {get_num_threads()}, channels_last {channelsLast})"));
    }

    private static Func<Tensor> Build(string kind, long[] a, bool channelsLast)
    {
        switch (kind)
        {
            case "conv":
            {
                var x = rand(1, a[0], a[6], a[7]);
                var weight = rand(a[1], a[0], a[2], a[2]).mul_(0.01);
                var bias = a[8] != 0 ? rand(a[1]) : null;
                if (channelsLast)
                {
                    // NCHW values in NHWC storage: permute to NHWC, make that contiguous, view back as NCHW.
                    x = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
                    weight = weight.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
                }

                return () => nn.functional.conv2d(x, weight, bias, strides: [a[3], a[3]], padding: [a[4], a[4]], dilation: [a[5], a[5]]);
            }

            case "maxpool":
            {
                var x = rand(1, a[0], a[1], a[2]);
                return () => nn.functional.max_pool2d(x, [3, 3], [2, 2], [1, 1], ceil_mode: true);
            }

            case "bnrelu":
            {
                var x = rand(1, a[0], a[1], a[2]);
                var (mean, variance, gamma, beta) = (rand(a[0]), rand(a[0]).add_(1), rand(a[0]), rand(a[0]));
                return () => nn.functional.relu(nn.functional.batch_norm(x, mean, variance, gamma, beta, training: false));
            }

            case "add":
            {
                var (x, y) = (rand(1, a[0], a[1], a[2]), rand(1, a[0], a[1], a[2]));
                return () => nn.functional.relu(x.add(y));
            }

            case "groupnorm":
            {
                var x = rand(1, a[0], a[1], a[2]);
                var (gamma, beta) = (rand(a[0]), rand(a[0]));
                return () => nn.functional.relu(nn.functional.group_norm(x, 32, gamma, beta));
            }

            case "se":
            {
                var x = rand(1, a[0], a[1], a[2]);
                var (w1, w2) = (rand(a[0] / 16, a[0]), rand(a[0], a[0] / 16));
                return () => x.mul(nn.functional.linear(nn.functional.relu(nn.functional.linear(x.mean([2L, 3L]), w1)), w2).sigmoid().unsqueeze(-1).unsqueeze(-1));
            }

            case "softmaxup":
            {
                var x = rand(1, a[0], a[1], a[2]);
                return () => nn.functional.interpolate(x.softmax(1), [a[3], a[4]], mode: InterpolationMode.Bilinear, align_corners: true);
            }

            default:
                throw new InvalidDataException($"Unknown operation kind '{kind}'.");
        }
    }
}
