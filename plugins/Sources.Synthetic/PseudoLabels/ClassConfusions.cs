using SeCo.Plugins.Sources.Synthetic.Randomness;
using C = SeCo.Plugins.Sources.Synthetic.Scenes.CityscapesClass;

namespace SeCo.Plugins.Sources.Synthetic.PseudoLabels;

/// <summary>The classes a domain-adapted segmenter typically mistakes for one another (ProDA/CBST failure modes).</summary>
internal static class ClassConfusions
{
    /// <summary>A class an object of class <paramref name="label"/> is confused with, or null when it has none.</summary>
    public static byte? ForObject(byte label, SceneRandom random) => label switch
    {
        C.Car => random.Chance(0.75) ? C.Truck : C.Bus,
        C.Truck => random.Chance(0.6) ? C.Car : C.Bus,
        C.Bus => random.Chance(0.6) ? C.Train : C.Truck,
        C.Train => C.Bus,
        C.Person => C.Rider,
        C.Rider => C.Person,
        C.Motorcycle => C.Bicycle,
        C.Bicycle => C.Motorcycle,
        C.TrafficLight => C.TrafficSign,
        C.TrafficSign => C.TrafficLight,
        _ => null,
    };

    /// <summary>A class a patch of stuff class <paramref name="label"/> is confused with, or null when it has none.</summary>
    public static byte? ForStuff(byte label, SceneRandom random) => label switch
    {
        C.Road => C.Sidewalk,
        C.Sidewalk => C.Road,
        C.Terrain => C.Vegetation,
        C.Vegetation => C.Terrain,
        C.Building => random.Chance(0.7) ? C.Wall : C.Fence,
        C.Wall => random.Chance(0.6) ? C.Building : C.Fence,
        C.Fence => random.Chance(0.5) ? C.Wall : C.Building,
        _ => null,
    };

    /// <summary>True for thin classes a segmenter often misses (pole, traffic light, traffic sign).</summary>
    public static bool IsThin(byte label) => label is C.Pole or C.TrafficLight or C.TrafficSign;
}
