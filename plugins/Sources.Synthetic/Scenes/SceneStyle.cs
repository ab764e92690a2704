namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>
/// The layout and photometric parameters of a rendered domain. <see cref="Source"/> is the generator as it always
/// was (the noise mode and the source domain render byte-identical scenes); <see cref="Target"/> shifts camera, layout,
/// object sizes and class frequencies, and adds fog, dusk light, a hue/saturation/gamma change, blur and sensor noise,
/// as GTA5 → Cityscapes differs in kind (not in degree).
/// </summary>
internal sealed record SceneStyle
{
    /// <summary>The source domain (and today's demo scenes).</summary>
    public static SceneStyle Source { get; } = new();

    /// <summary>The shifted target domain.</summary>
    public static SceneStyle Target { get; } = new()
    {
        HorizonMin = 0.30,
        HorizonMax = 0.40,
        FocalMin = 0.66,
        FocalMax = 0.80,
        CameraHeightMin = 2.1,
        CameraHeightMax = 2.6,
        ParkChance = 0.08,
        ParkedCarChance = 0.70,
        ParkedVehicleChance = 0.75,
        PedestriansMax = 11,
        RidersMax = 5,
        Photometric = true,
    };

    /// <summary>Horizon row as a fraction of the image height, drawn uniformly in [min, max).</summary>
    public double HorizonMin { get; init; } = 0.36;

    /// <summary>Upper end of the horizon range.</summary>
    public double HorizonMax { get; init; } = 0.46;

    /// <summary>Focal length as a fraction of the image width (larger = objects look bigger).</summary>
    public double FocalMin { get; init; } = 0.5;

    /// <summary>Upper end of the focal range.</summary>
    public double FocalMax { get; init; } = 0.62;

    /// <summary>Camera height above the road in metres.</summary>
    public double CameraHeightMin { get; init; } = 1.3;

    /// <summary>Upper end of the camera height range.</summary>
    public double CameraHeightMax { get; init; } = 1.7;

    /// <summary>Probability that a street side is a park (terrain, vegetation, wall or fence) rather than buildings.</summary>
    public double ParkChance { get; init; } = 0.25;

    /// <summary>Probability that a parked vehicle is a car (else a truck).</summary>
    public double ParkedCarChance { get; init; } = 0.88;

    /// <summary>Probability that a parking slot is taken.</summary>
    public double ParkedVehicleChance { get; init; } = 0.55;

    /// <summary>Pedestrians per pavement are drawn uniformly in [0, this).</summary>
    public int PedestriansMax { get; init; } = 7;

    /// <summary>Riders per scene are drawn uniformly in [0, this).</summary>
    public int RidersMax { get; init; } = 3;

    /// <summary>Whether the target's photometric shift (<see cref="DomainShift"/>) is applied after shading.</summary>
    public bool Photometric { get; init; }
}
