using System.Runtime.InteropServices;
using SeCo.Sdk.IO;
using static TorchSharp.torch;

namespace SeCo.Plugins.Sources.Proda;

/// <summary>
/// Per-image network predictions kept between the stage's two passes, so the network runs once per image and a
/// killed first pass resumes where it stopped: one file per image holding the 1/8-resolution softmax
/// <c>[V, C, h, w]</c> (float32, exactly what the forward produced, so labels are bit-identical to predicting
/// again) and the image's size. Files are written atomically and removed once the image's label is written.
/// </summary>
/// <remarks>
/// Size: <c>4 · V · C · h · w</c> bytes per image, about 5 MB for a 1024x2048 input with flip (19 classes at
/// 129x257), far less than the label-size probabilities (160 MB) that labelling needs.
/// </remarks>
public sealed class PredictionCache
{
    private const int Magic = 0x31434450; // "PDC1"
    private const int HeaderInts = 7;

    /// <summary>Creates a cache in <paramref name="directory"/> (created when needed).</summary>
    public PredictionCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>The folder holding the files.</summary>
    public string Directory { get; }

    /// <summary>The file of an image id.</summary>
    public string PathOf(string id) => Path.Combine(Directory, id + ".pred");

    /// <summary>Stores one image's native softmax <c>[V, C, h, w]</c> and its label size.</summary>
    public void Write(string id, Tensor native, int imageHeight, int imageWidth)
    {
        ArgumentNullException.ThrowIfNull(native);
        if (native.dim() != 4 || native.dtype != ScalarType.Float32)
        {
            throw new ArgumentException("Expected a float32 [V, C, h, w] tensor.", nameof(native));
        }

        var values = native.cpu().contiguous().data<float>().ToArray();
        var bytes = new byte[HeaderInts * sizeof(int) + values.Length * sizeof(float)];
        var header = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(0, HeaderInts * sizeof(int)));
        header[0] = Magic;
        for (var d = 0; d < 4; d++)
        {
            header[1 + d] = checked((int)native.shape[d]);
        }

        header[5] = imageHeight;
        header[6] = imageWidth;
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(bytes.AsSpan(HeaderInts * sizeof(int)));
        var path = PathOf(id);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Reads one image's prediction, or returns false when it was not stored.</summary>
    /// <param name="id">The image id.</param>
    /// <param name="native">The <c>[V, C, h, w]</c> softmax on the CPU, owned by the caller's dispose scope.</param>
    /// <param name="imageHeight">The image's label height.</param>
    /// <param name="imageWidth">The image's label width.</param>
    public bool TryRead(string id, out Tensor? native, out int imageHeight, out int imageWidth)
    {
        var path = PathOf(id);
        (native, imageHeight, imageWidth) = (null, 0, 0);
        if (!File.Exists(path))
        {
            return false;
        }

        var bytes = File.ReadAllBytes(path);
        var header = bytes.Length >= HeaderInts * sizeof(int) ? MemoryMarshal.Cast<byte, int>(bytes.AsSpan(0, HeaderInts * sizeof(int))) : [];
        long[] shape = header.Length == HeaderInts ? [header[1], header[2], header[3], header[4]] : [];
        if (header.Length != HeaderInts || header[0] != Magic
            || bytes.Length != HeaderInts * sizeof(int) + shape[0] * shape[1] * shape[2] * shape[3] * sizeof(float))
        {
            throw new InvalidDataException($"'{path}' is not a complete prediction file.");
        }

        (imageHeight, imageWidth) = (header[5], header[6]);
        var values = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(HeaderInts * sizeof(int))).ToArray();
        native = tensor(values, shape);
        return true;
    }

    /// <summary>Removes one image's file (after its label is written).</summary>
    public void Remove(string id) => File.Delete(PathOf(id));

    /// <summary>Removes the folder when no prediction is left in it.</summary>
    public void RemoveIfEmpty()
    {
        if (System.IO.Directory.Exists(Directory) && !System.IO.Directory.EnumerateFiles(Directory, "*.pred", SearchOption.AllDirectories).Any())
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
