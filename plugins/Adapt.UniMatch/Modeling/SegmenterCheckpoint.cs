using System.Globalization;
using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Errors;
using SeCo.Vision.Checkpoints;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// A <see cref="DeepLabV3Plus"/> passed between stages as a <see cref="Checkpoint"/> artifact: the weights in UniMatch's
/// layout (<c>{"model": state dict with "module." keys}</c>, so <c>latest.pth</c> files fit too), the backbone in
/// <see cref="Checkpoint.Architecture"/> (<c>deeplabv3plus-tiny</c>, ...) and the class count in the metadata.
/// </summary>
public static class SegmenterCheckpoint
{
    /// <summary>The prefix of <see cref="Checkpoint.Architecture"/>; the backbone name follows it.</summary>
    public const string ArchitecturePrefix = "deeplabv3plus-";

    /// <summary>The metadata key of the class count.</summary>
    public const string ClassesKey = "numClasses";

    /// <summary>The artifact describing weights at <paramref name="path"/>.</summary>
    public static Checkpoint Describe(string path, string backbone, int numClasses, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var facts = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [ClassesKey] = numClasses.ToString(CultureInfo.InvariantCulture),
        };
        return new Checkpoint(path) { Architecture = ArchitecturePrefix + backbone, Metadata = facts };
    }

    /// <summary>The backbone name and class count a checkpoint artifact declares.</summary>
    /// <exception cref="SeCoInputException">The artifact does not describe a DeepLabV3+ of a known backbone.</exception>
    public static (string Backbone, int NumClasses) Architecture(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var architecture = checkpoint.Architecture ?? "";
        var backbone = architecture.StartsWith(ArchitecturePrefix, StringComparison.Ordinal) ? architecture[ArchitecturePrefix.Length..] : "";
        var known = Enum.GetValues<SegmenterBackbone>().Select(b => b.Name()).ToList();
        if (!known.Contains(backbone))
        {
            throw new SeCoInputException(checkpoint.Path,
                $"The checkpoint's architecture is '{architecture}'; expected {string.Join(", ", known.Select(name => ArchitecturePrefix + name))} (a checkpoint of train.supervised, adapt.bn or adapt.unimatch).");
        }

        var classes = checkpoint.Metadata.TryGetValue(ClassesKey, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 19;
        return (backbone, classes);
    }

    /// <summary>Creates the network a checkpoint artifact describes and loads its weights (strictly).</summary>
    public static DeepLabV3Plus Load(Checkpoint checkpoint)
    {
        var (backbone, classes) = Architecture(checkpoint);
        var model = new DeepLabV3Plus(DeepLabV3PlusConfig.ForBackbone(backbone, classes));
        try
        {
            DeepLabV3PlusCheckpoint.LoadUniMatch(model, checkpoint.Path);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Writes the model's weights atomically in UniMatch's layout, without optimiser state.</summary>
    public static void SaveWeights(string path, DeepLabV3Plus model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        var weights = new PickleDict(isOrderedDict: true);
        foreach (var (key, value) in model.state_dict())
        {
            weights.Set("module." + key, value.detach().cpu());
        }

        var root = new PickleDict();
        root.Set(DeepLabV3PlusCheckpoint.ModelKey, weights);
        Pth.SaveObject(path, root);
    }
}
