using SeCo.Vision.Taxonomies;

namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>The Cityscapes 19-class train ids the generator paints (<c>spec/datasets.md</c> §1).</summary>
internal static class CityscapesClass
{
    public const byte Road = 0;
    public const byte Sidewalk = 1;
    public const byte Building = 2;
    public const byte Wall = 3;
    public const byte Fence = 4;
    public const byte Pole = 5;
    public const byte TrafficLight = 6;
    public const byte TrafficSign = 7;
    public const byte Vegetation = 8;
    public const byte Terrain = 9;
    public const byte Sky = 10;
    public const byte Person = 11;
    public const byte Rider = 12;
    public const byte Car = 13;
    public const byte Truck = 14;
    public const byte Bus = 15;
    public const byte Train = 16;
    public const byte Motorcycle = 17;
    public const byte Bicycle = 18;

    /// <summary>The number of classes: the built-in <c>cityscapes19</c> taxonomy's, declared there once.</summary>
    public static readonly int Count = Taxonomy.Cityscapes19.Count;

    /// <summary>Unlabelled pixels (ego vehicle).</summary>
    public const byte Ignore = 255;

    /// <summary>True for countable objects (Cityscapes "things": lights, signs, people, vehicles).</summary>
    public static bool IsThing(byte id) => id is TrafficLight or TrafficSign || (id >= Person && id <= Bicycle);
}
