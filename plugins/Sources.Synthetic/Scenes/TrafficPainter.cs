using SeCo.Plugins.Sources.Synthetic.Randomness;
using C = SeCo.Plugins.Sources.Synthetic.Scenes.CityscapesClass;

namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>Places cars, trucks, buses and trams: parked along the kerbs and driving in the lanes.</summary>
internal static class TrafficPainter
{
    private static readonly Rgb[] s_bodyColors =
    [
        Rgb.Of(235, 235, 235), Rgb.Of(25, 25, 28), Rgb.Of(160, 162, 168), Rgb.Of(170, 30, 30),
        Rgb.Of(30, 60, 140), Rgb.Of(90, 92, 95), Rgb.Of(40, 80, 60), Rgb.Of(200, 170, 120),
    ];

    private static readonly Rgb s_glass = Rgb.Of(35, 42, 52);
    private static readonly Rgb s_tyre = Rgb.Of(22, 22, 24);

    public static void Place(PropList props, SceneCanvas canvas, StreetPerspective p, StreetSide left, StreetSide right, SceneRandom random, SceneStyle style)
    {
        foreach (var side in new[] { left, right })
        {
            var z = random.Range(3, 9);
            while (z < 70)
            {
                var kind = random.Chance(style.ParkedCarChance) ? C.Car : C.Truck;
                var vehicle = Vehicle.Create(kind, side.WorldX(side.RoadEdge - random.Range(1.0, 1.3)), z, random.Chance(0.5), random);
                if (random.Chance(style.ParkedVehicleChance))
                {
                    props.Add(vehicle.Z, () => vehicle.Paint(canvas, p));
                }

                z += vehicle.Length + random.Range(0.8, 6);
            }
        }

        var laneWidth = random.Range(3.0, 3.5);
        if (random.Chance(0.6))
        {
            var ahead = Vehicle.Create(PickMovingKind(random), random.Range(-0.4, 0.4), random.Range(8, 40), facing: false, random);
            props.Add(ahead.Z, () => ahead.Paint(canvas, p));
        }

        for (var lane = -laneWidth; lane > -(left.RoadEdge - 1.2); lane -= laneWidth)
        {
            if (random.Chance(0.55))
            {
                var oncoming = Vehicle.Create(PickMovingKind(random), lane + random.Range(-0.3, 0.3), random.Range(7, 60), facing: true, random);
                props.Add(oncoming.Z, () => oncoming.Paint(canvas, p));
            }
        }
    }

    private static byte PickMovingKind(SceneRandom random)
    {
        var u = random.NextDouble();
        return u < 0.62 ? C.Car : u < 0.76 ? C.Truck : u < 0.92 ? C.Bus : C.Train;
    }

    /// <summary>One vehicle: a few boxes in world metres with glass, wheels and lights.</summary>
    private sealed class Vehicle
    {
        private byte _kind;
        private double _x;
        private double _halfWidth;
        private double _height;
        private bool _facing;
        private Rgb _body;
        private Rgb _secondary;

        public double Z { get; private set; }

        public double Length { get; private set; }

        public static Vehicle Create(byte kind, double x, double z, bool facing, SceneRandom random)
        {
            var vehicle = new Vehicle { _kind = kind, _x = x, Z = z, _facing = facing };
            switch (kind)
            {
                case C.Car:
                    vehicle._halfWidth = random.Range(0.85, 0.95);
                    vehicle._height = random.Range(1.4, 1.7);
                    vehicle.Length = random.Range(4.0, 4.9);
                    vehicle._body = random.Pick(s_bodyColors).Vary(random, 8, 0.08);
                    break;
                case C.Truck:
                    vehicle._halfWidth = random.Range(1.1, 1.25);
                    vehicle._height = random.Range(2.8, 3.8);
                    vehicle.Length = random.Range(6.0, 9.0);
                    vehicle._body = Rgb.Of(225, 225, 220).Mix(random.Pick(s_bodyColors), random.Range(0, 0.6)).Vary(random, 8);
                    break;
                case C.Bus:
                    vehicle._halfWidth = 1.25;
                    vehicle._height = random.Range(3.0, 3.3);
                    vehicle.Length = random.Range(10.0, 12.5);
                    vehicle._body = random.Pick([Rgb.Of(200, 40, 35), Rgb.Of(230, 190, 40), Rgb.Of(225, 228, 230), Rgb.Of(40, 90, 160)]).Vary(random, 8);
                    break;
                default:
                    vehicle._halfWidth = 1.3;
                    vehicle._height = random.Range(3.3, 3.6);
                    vehicle.Length = random.Range(20.0, 30.0);
                    vehicle._body = random.Pick([Rgb.Of(235, 235, 230), Rgb.Of(190, 40, 40), Rgb.Of(240, 210, 60)]).Vary(random, 6);
                    break;
            }

            vehicle._secondary = random.Pick(s_bodyColors).Vary(random, 8);
            return vehicle;
        }

        public void Paint(SceneCanvas canvas, StreetPerspective p)
        {
            var id = canvas.NewInstance(_kind);
            var s = p.Scale(Z + Length / 2);
            canvas.ShadeEllipse(p.ScreenX(_x, Z + Length * 0.3), p.ScreenY(0, Z + Length * 0.3), _halfWidth * 1.3 * s * 1.2,
                Math.Max(0.6 * s, 1.5), 0.45f);
            switch (_kind)
            {
                case C.Car:
                    PaintCar(canvas, p, id);
                    break;
                case C.Truck:
                    PaintTruck(canvas, p, id);
                    break;
                default:
                    PaintBusLike(canvas, p, id);
                    break;
            }
        }

        private void PaintCar(SceneCanvas canvas, StreetPerspective p, int id)
        {
            var h = _height;
            PaintBox(canvas, p, id, _halfWidth * 0.86, Z + Length * 0.25, Length * 0.5, h * 0.55, h, s_glass, s_glass.Scale(1.2), _body.Scale(1.05));
            PaintBox(canvas, p, id, _halfWidth, Z, Length, 0.15, h * 0.6, _body.Scale(0.82), _body, _body.Scale(1.1));
            canvas.FillRect(p.ScreenX(_x - _halfWidth * 0.86, Z + Length * 0.25), p.ScreenY(h, Z + Length * 0.25),
                p.ScreenX(_x + _halfWidth * 0.86, Z + Length * 0.25), p.ScreenY(h * 0.94, Z + Length * 0.25), _kind, id, _body);
            PaintWheels(canvas, p, id, 0.32);
            PaintLights(canvas, p, id, h * 0.45, h * 0.55, 0.3);
        }

        private void PaintTruck(SceneCanvas canvas, StreetPerspective p, int id)
        {
            const double cabLength = 2.2;
            var cabHeight = Math.Min(_height - 0.3, 2.8);
            var boxLength = Length - cabLength;
            var cabZ = _facing ? Z : Z + boxLength;
            var boxZ = _facing ? Z + cabLength : Z;
            if (_facing)
            {
                PaintBox(canvas, p, id, _halfWidth, boxZ, boxLength, 0.6, _height, _body.Scale(0.85), _body, _body.Scale(1.1));
                PaintBox(canvas, p, id, _halfWidth * 0.95, cabZ, cabLength, 0.5, cabHeight, _secondary.Scale(0.85), _secondary, _secondary);
                canvas.FillRect(p.ScreenX(_x - _halfWidth * 0.8, cabZ), p.ScreenY(cabHeight * 0.92, cabZ),
                    p.ScreenX(_x + _halfWidth * 0.8, cabZ), p.ScreenY(cabHeight * 0.6, cabZ), _kind, id, s_glass);
            }
            else
            {
                PaintBox(canvas, p, id, _halfWidth * 0.95, cabZ, cabLength, 0.5, cabHeight, _secondary.Scale(0.85), _secondary, _secondary);
                PaintBox(canvas, p, id, _halfWidth, boxZ, boxLength, 0.6, _height, _body.Scale(0.85), _body, _body.Scale(1.1));
                canvas.FillRect(p.ScreenX(_x - _halfWidth, boxZ), p.ScreenY(0.9, boxZ), p.ScreenX(_x + _halfWidth, boxZ),
                    p.ScreenY(0.6, boxZ), _kind, id, Rgb.Of(45, 45, 45));
            }

            PaintWheels(canvas, p, id, 0.5);
            PaintLights(canvas, p, id, 0.7, 0.9, 0.35);
        }

        private void PaintBusLike(SceneCanvas canvas, StreetPerspective p, int id)
        {
            var bottom = _kind == C.Train ? 0.35 : 0.3;
            PaintBox(canvas, p, id, _halfWidth, Z, Length, bottom, _height, _body.Scale(0.85), _body, _body.Scale(1.05));
            var sideX = VisibleSideX();
            if (sideX is { } x)
            {
                for (var along = 0.6; along < Length - 0.6; along += 1.6)
                {
                    var z0 = Z + along;
                    var z1 = Z + Math.Min(along + 1.3, Length - 0.3);
                    canvas.FillQuad(p.ScreenX(x, z0), p.ScreenY(_height * 0.82, z0), p.ScreenX(x, z1), p.ScreenY(_height * 0.82, z1),
                        p.ScreenX(x, z1), p.ScreenY(_height * 0.4, z1), p.ScreenX(x, z0), p.ScreenY(_height * 0.4, z0), _kind, id, s_glass);
                }
            }

            var top = _facing ? _height * 0.9 : _height * 0.85;
            var low = _facing ? _height * 0.4 : _height * 0.6;
            canvas.FillRect(p.ScreenX(_x - _halfWidth * 0.85, Z), p.ScreenY(top, Z), p.ScreenX(_x + _halfWidth * 0.85, Z),
                p.ScreenY(low, Z), _kind, id, s_glass);
            if (_kind == C.Bus)
            {
                PaintWheels(canvas, p, id, 0.5);
            }

            PaintLights(canvas, p, id, 0.6, 0.8, 0.3);
        }

        private double? VisibleSideX() =>
            _x - _halfWidth > 0 ? _x - _halfWidth : _x + _halfWidth < 0 ? _x + _halfWidth : null;

        private void PaintBox(SceneCanvas canvas, StreetPerspective p, int id, double halfWidth, double z0, double length,
            double bottom, double top, Rgb side, Rgb face, Rgb roof)
        {
            var z1 = z0 + length;
            var sideX = _x - halfWidth > 0 ? _x - halfWidth : _x + halfWidth < 0 ? _x + halfWidth : (double?)null;
            if (top < p.CameraHeight)
            {
                canvas.FillQuad(p.ScreenX(_x - halfWidth, z0), p.ScreenY(top, z0), p.ScreenX(_x + halfWidth, z0), p.ScreenY(top, z0),
                    p.ScreenX(_x + halfWidth, z1), p.ScreenY(top, z1), p.ScreenX(_x - halfWidth, z1), p.ScreenY(top, z1), _kind, id, roof);
            }

            if (sideX is { } x)
            {
                canvas.FillQuad(p.ScreenX(x, z0), p.ScreenY(top, z0), p.ScreenX(x, z1), p.ScreenY(top, z1),
                    p.ScreenX(x, z1), p.ScreenY(bottom, z1), p.ScreenX(x, z0), p.ScreenY(bottom, z0), _kind, id, side);
            }

            canvas.FillRect(p.ScreenX(_x - halfWidth, z0), p.ScreenY(top, z0), p.ScreenX(_x + halfWidth, z0), p.ScreenY(bottom, z0),
                _kind, id, face);
        }

        private void PaintWheels(SceneCanvas canvas, StreetPerspective p, int id, double radius)
        {
            if (VisibleSideX() is { } x)
            {
                foreach (var along in new[] { 0.8, Length - 1.0 })
                {
                    var z = Z + Math.Min(along, Length * 0.8);
                    var s = p.Scale(z);
                    canvas.FillEllipse(p.ScreenX(x, z), p.ScreenY(radius, z), radius * s * 0.8, radius * s, _kind, id, s_tyre);
                }
            }

            foreach (var sign in new[] { -1.0, 1.0 })
            {
                var inner = _x + sign * (_halfWidth - 0.3);
                var outer = _x + sign * (_halfWidth - 0.05);
                canvas.FillRect(p.ScreenX(Math.Min(inner, outer), Z), p.ScreenY(radius * 1.1, Z), p.ScreenX(Math.Max(inner, outer), Z),
                    p.ScreenY(0, Z), _kind, id, s_tyre);
            }
        }

        private void PaintLights(SceneCanvas canvas, StreetPerspective p, int id, double low, double high, double width)
        {
            var lamp = _facing ? Rgb.Of(235, 230, 200) : Rgb.Of(200, 25, 25);
            foreach (var sign in new[] { -1.0, 1.0 })
            {
                var a = _x + sign * (_halfWidth - 0.05);
                var b = _x + sign * (_halfWidth - 0.05 - width);
                canvas.FillRect(p.ScreenX(Math.Min(a, b), Z), p.ScreenY(high, Z), p.ScreenX(Math.Max(a, b), Z), p.ScreenY(low, Z), _kind, id, lamp);
            }

            canvas.FillRect(p.ScreenX(_x - 0.25, Z), p.ScreenY(low - 0.05, Z), p.ScreenX(_x + 0.25, Z), p.ScreenY(low - 0.17, Z),
                _kind, id, Rgb.Of(230, 230, 225));
        }
    }
}
