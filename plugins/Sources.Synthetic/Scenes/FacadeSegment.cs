using SeCo.Plugins.Sources.Synthetic.Randomness;

namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>
/// One building (or a stretch of tree line) along the street between depths <see cref="Z0"/> and
/// <see cref="Z1"/>, with its colours and window grid in façade metres so windows recede correctly.
/// </summary>
internal sealed class FacadeSegment
{
    private readonly Rgb _wall;
    private readonly Rgb _glass;
    private readonly Rgb _shop;
    private readonly double _floorHeight;
    private readonly double _windowSpacing;
    private readonly double _windowWidth;
    private readonly double _windowHeight;
    private readonly double _groundFloor;

    public FacadeSegment(double z0, double z1, double height, byte label, SceneRandom random)
    {
        Z0 = z0;
        Z1 = z1;
        Height = height;
        Label = label;
        _wall = label == CityscapesClass.Vegetation
            ? Rgb.Of(75, 105, 45).Vary(random, 15)
            : Rgb.Of(150, 140, 130).Mix(Rgb.Of(random.Next(90, 210), random.Next(85, 200), random.Next(80, 190)), 0.6).Vary(random, 8);
        _glass = Rgb.Of(55, 65, 80).Vary(random, 12, 0.2);
        _shop = Rgb.Of(70, 70, 75).Vary(random, 20, 0.2);
        _floorHeight = random.Range(2.9, 3.6);
        _windowSpacing = random.Range(2.2, 4.0);
        _windowWidth = random.Range(0.35, 0.6);
        _windowHeight = random.Range(0.4, 0.6);
        _groundFloor = random.Range(3.0, 4.5);
    }

    public double Z0 { get; }

    public double Z1 { get; }

    public double Height { get; }

    public byte Label { get; }

    /// <summary>The base colour at <paramref name="along"/> metres from the segment start and <paramref name="height"/> metres up.</summary>
    public Rgb ColorAt(double along, double height)
    {
        if (Label == CityscapesClass.Vegetation)
        {
            return _wall;
        }

        if (height > Height - 0.5)
        {
            return _wall.Scale(0.8);
        }

        if (along < 0.3 || Z1 - Z0 - along < 0.3)
        {
            return _wall.Scale(0.9);
        }

        if (height < _groundFloor)
        {
            var u = Fraction(along / (_windowSpacing * 2));
            return height > 0.4 && height < _groundFloor - 0.6 && u > 0.15 && u < 0.85 ? _shop : _wall.Scale(0.95);
        }

        var column = Fraction(along / _windowSpacing);
        var row = Fraction((height - _groundFloor) / _floorHeight);
        var inWindow = column > (1 - _windowWidth) / 2 && column < (1 + _windowWidth) / 2
            && row > 0.25 && row < 0.25 + _windowHeight;
        return inWindow ? _glass.Scale(0.85 + 0.3 * row) : _wall;
    }

    private static double Fraction(double value) => value - Math.Floor(value);
}
