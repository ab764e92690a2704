using System.Text.Json;
using SeCo.Sdk.Errors;
using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Taxonomies;

/// <summary>
/// A set of semantic classes: names, display colours and the stuff/thing split. Class ids are the
/// pixel values of label maps, 0 to <see cref="Count"/> − 1; <see cref="Ignore"/> (255) is ignore.
/// </summary>
/// <remarks>
/// Built in: <c>cityscapes19</c> (the 19 Cityscapes train ids with the SeCo palette) and
/// <c>synthia16</c> (the 16 classes of SYNTHIA → Cityscapes). Pipelines may declare their own
/// taxonomy as a JSON object, see <see cref="FromJson"/>.
/// </remarks>
public sealed class Taxonomy
{
    /// <summary>The pixel value of unlabelled pixels.</summary>
    public const byte Ignore = LabelMap.Ignore;

    /// <summary>The largest number of classes (ids 0 to 254).</summary>
    public const int MaxClasses = 255;

    private readonly TaxonomyClass[] _classes;
    private readonly Dictionary<string, int> _idsByName;

    /// <summary>Creates a taxonomy.</summary>
    /// <param name="name">The taxonomy name (e.g. <c>cityscapes19</c>).</param>
    /// <param name="classes">The classes; their ids must be 0, 1, 2, ... in order and names unique.</param>
    /// <param name="palette">The palette written into label PNGs; by default the class colours, then white.</param>
    /// <param name="aliases">Other spellings of class names, mapped to canonical names.</param>
    public Taxonomy(string name, IReadOnlyList<TaxonomyClass> classes, Palette? palette = null,
        IReadOnlyDictionary<string, string>? aliases = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count is 0 or > MaxClasses)
        {
            throw new ArgumentException($"A taxonomy needs 1 to {MaxClasses} classes, got {classes.Count}.", nameof(classes));
        }

        _classes = [.. classes];
        _idsByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _classes.Length; i++)
        {
            if (_classes[i].Id != i)
            {
                throw new ArgumentException($"Class '{_classes[i].Name}' has id {_classes[i].Id}; expected {i} (ids are positions).", nameof(classes));
            }

            if (!_idsByName.TryAdd(_classes[i].Name, i))
            {
                throw new ArgumentException($"Class name '{_classes[i].Name}' appears twice.", nameof(classes));
            }
        }

        if (aliases is not null)
        {
            foreach (var (alias, canonical) in aliases)
            {
                _idsByName.TryAdd(alias, _idsByName[canonical]);
            }
        }

        Name = name;
        Palette = palette ?? Palette.FromColors(_classes.Select(c => c.Color).ToArray());
        ThingIds = _classes.Where(c => c.IsThing).Select(c => c.Id).ToArray();
        StuffIds = _classes.Where(c => !c.IsThing).Select(c => c.Id).ToArray();
    }

    /// <summary>
    /// The Cityscapes 19 train ids (datasets.md §1) with the SeCo/DT-ST palette (sky = (0, 130, 180));
    /// things are pole, traffic light, traffic sign, person, rider, car, truck, bus, train, motorcycle
    /// and bicycle (SeCo PSA's split).
    /// </summary>
    public static Taxonomy Cityscapes19 { get; } = BuiltInTaxonomies.CreateCityscapes19();

    /// <summary>
    /// The 16 classes of SYNTHIA → Cityscapes (datasets.md §2: the 19 without terrain, truck and
    /// train), with the 19-class colours of the remaining classes; things as in SeCo PSA's 16-class split.
    /// </summary>
    public static Taxonomy Synthia16 { get; } = BuiltInTaxonomies.CreateSynthia16();

    /// <summary>The names of the built-in taxonomies.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = [Cityscapes19.Name, Synthia16.Name];

    /// <summary>The taxonomy name.</summary>
    public string Name { get; }

    /// <summary>The classes, indexed by id.</summary>
    public IReadOnlyList<TaxonomyClass> Classes => _classes;

    /// <summary>The number of classes; valid ids are 0 to <c>Count − 1</c>.</summary>
    public int Count => _classes.Length;

    /// <summary>The palette written into label PNGs of this taxonomy.</summary>
    public Palette Palette { get; }

    /// <summary>Ids of the "thing" classes, ascending.</summary>
    public IReadOnlyList<int> ThingIds { get; }

    /// <summary>Ids of the "stuff" classes, ascending.</summary>
    public IReadOnlyList<int> StuffIds { get; }

    /// <summary>The class names, indexed by id.</summary>
    public IReadOnlyList<string> ClassNames => _classes.Select(c => c.Name).ToArray();

    /// <summary>True when <paramref name="value"/> is a class id or <see cref="Ignore"/>.</summary>
    public bool IsValidLabel(int value) => value == Ignore || (uint)value < (uint)_classes.Length;

    /// <summary>True when class <paramref name="id"/> is a thing.</summary>
    public bool IsThing(int id) => _classes[id].IsThing;

    /// <summary>Finds a class id by name (case-insensitive; other spellings such as <c>light</c> included).</summary>
    public bool TryGetId(string name, out int id) => _idsByName.TryGetValue(name, out id);

    /// <summary>Returns a built-in taxonomy by name (case-insensitive), or null.</summary>
    public static Taxonomy? FindBuiltIn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, Cityscapes19.Name, StringComparison.OrdinalIgnoreCase))
        {
            return Cityscapes19;
        }

        return string.Equals(name, Synthia16.Name, StringComparison.OrdinalIgnoreCase) ? Synthia16 : null;
    }

    /// <summary>Returns a built-in taxonomy by name.</summary>
    /// <exception cref="SeCoInputException">No built-in taxonomy has that name.</exception>
    public static Taxonomy FromName(string name, InputLocation? location = null) =>
        FindBuiltIn(name) ?? throw new SeCoInputException(location ?? new InputLocation(JsonPath: "$.taxonomy"),
            $"Unknown taxonomy '{name}'; expected one of {string.Join(", ", BuiltInNames)} or an object declaring the classes.");

    /// <summary>
    /// Reads a taxonomy as written in <c>pipeline.json</c>: either a built-in name
    /// (<c>"cityscapes19"</c>) or an object
    /// <c>{ "name": "roads3", "classes": [{ "name": "road", "color": [128, 64, 128], "thing": false }, ...] }</c>
    /// (class ids are the positions in <c>classes</c>; <c>name</c> and <c>color</c> are required, <c>thing</c>
    /// defaults to false). A name alone may also carry classes of a built-in: an object
    /// <c>{ "name": "cityscapes19" }</c> without <c>classes</c> is the built-in taxonomy.
    /// </summary>
    /// <param name="element">The JSON value (for example <c>StageContext.Taxonomy</c>).</param>
    /// <param name="jsonPath">Where the value is, for error messages.</param>
    /// <exception cref="SeCoInputException">The value is missing or malformed.</exception>
    public static Taxonomy FromJson(JsonElement element, string jsonPath = "$.taxonomy") =>
        TaxonomyJsonReader.Read(element, jsonPath);

    /// <summary>
    /// The taxonomy a stage works in, by precedence: the stage's own <c>with.taxonomy</c> option, the
    /// pipeline's top-level <c>taxonomy</c> (<c>StageContext.Taxonomy</c>), the taxonomy name an input
    /// artifact declares, and finally <see cref="Cityscapes19"/>.
    /// </summary>
    /// <param name="stageOption">The stage option's value (undefined or null when not set).</param>
    /// <param name="pipelineTaxonomy">The pipeline's value (undefined or null when not set).</param>
    /// <param name="declared">The name an input artifact carries, or null.</param>
    /// <exception cref="SeCoInputException">A given value is malformed or names no known taxonomy.</exception>
    public static Taxonomy Resolve(JsonElement stageOption, JsonElement pipelineTaxonomy, string? declared = null)
    {
        if (stageOption.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            return FromJson(stageOption, "with.taxonomy");
        }

        if (pipelineTaxonomy.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            return FromJson(pipelineTaxonomy);
        }

        return declared is null ? Cityscapes19 : FromName(declared, new InputLocation(Item: "labels.taxonomy"));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Count} classes)";
}
