using SeCo.Plugins.Sources.Synthetic.Randomness;
using C = SeCo.Plugins.Sources.Synthetic.Scenes.CityscapesClass;

namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>Places pedestrians on the pavements, riders on bicycles and motorcycles, and parked bicycles.</summary>
internal static class PeoplePainter
{
    private static readonly Rgb[] s_clothes =
    [
        Rgb.Of(30, 30, 35), Rgb.Of(60, 60, 70), Rgb.Of(40, 50, 90), Rgb.Of(150, 40, 40), Rgb.Of(200, 200, 195),
        Rgb.Of(90, 70, 50), Rgb.Of(50, 90, 60), Rgb.Of(190, 150, 60), Rgb.Of(120, 120, 125),
    ];

    private static readonly Rgb[] s_skin = [Rgb.Of(225, 185, 160), Rgb.Of(190, 140, 105), Rgb.Of(120, 85, 60)];

    public static void Place(PropList props, SceneCanvas canvas, StreetPerspective p, StreetSide left, StreetSide right, SceneRandom random, SceneStyle style)
    {
        foreach (var side in new[] { left, right })
        {
            var count = random.Next(0, style.PedestriansMax);
            for (var i = 0; i < count; i++)
            {
                var person = Figure.Create(random);
                var x = side.WorldX(side.RoadEdge + random.Range(0.3, Math.Max(side.SidewalkWidth - 0.3, 0.4)));
                var z = random.Range(4, 45);
                props.Add(z, () => person.PaintPedestrian(canvas, p, x, z));
            }

            if (random.Chance(0.3))
            {
                var bike = Bike.Create(C.Bicycle, random);
                var x = side.WorldX(side.RoadEdge + side.SidewalkWidth * random.Range(0.5, 0.9));
                var z = random.Range(5, 30);
                props.Add(z, () => bike.Paint(canvas, p, x, z, canvas.NewInstance(C.Bicycle)));
            }
        }

        var riders = random.Next(0, style.RidersMax);
        for (var i = 0; i < riders; i++)
        {
            var kind = random.Chance(0.55) ? C.Bicycle : C.Motorcycle;
            var bike = Bike.Create(kind, random);
            var person = Figure.Create(random);
            var side = random.Chance(0.5) ? left : right;
            var x = kind == C.Bicycle
                ? side.WorldX(side.RoadEdge - random.Range(0.6, 1.0))
                : random.Range(-left.RoadEdge + 1.5, right.RoadEdge - 1.5);
            var z = random.Range(5, 35);
            props.Add(z, () =>
            {
                bike.Paint(canvas, p, x, z, canvas.NewInstance(kind));
                person.PaintRider(canvas, p, x, z, bike);
            });
        }
    }

    /// <summary>A person's proportions and clothes.</summary>
    private sealed class Figure
    {
        private double _height;
        private double _stride;
        private Rgb _shirt;
        private Rgb _trousers;
        private Rgb _skin;
        private Rgb _hair;

        public static Figure Create(SceneRandom random) => new()
        {
            _height = random.Range(1.5, 1.92),
            _stride = random.Range(0.0, 0.25),
            _shirt = random.Pick(s_clothes).Vary(random, 12),
            _trousers = random.Pick(s_clothes).Vary(random, 8).Scale(0.8),
            _skin = random.Pick(s_skin).Vary(random, 8, 0.05),
            _hair = Rgb.Of(40, 30, 25).Vary(random, 15),
        };

        public void PaintPedestrian(SceneCanvas canvas, StreetPerspective p, double x, double z)
        {
            var id = canvas.NewInstance(C.Person);
            var s = p.Scale(z);
            var h = _height;
            var hip = 0.52 * h;
            var shoulder = 0.82 * h;
            foreach (var sign in new[] { -1.0, 1.0 })
            {
                canvas.FillLine(p.ScreenX(x + sign * 0.08, z), p.ScreenY(hip, z), p.ScreenX(x + sign * (0.08 + _stride), z), p.ScreenY(0.03, z),
                    0.14 * s, C.Person, id, _trousers);
                canvas.FillLine(p.ScreenX(x + sign * 0.21, z), p.ScreenY(shoulder - 0.03, z), p.ScreenX(x + sign * 0.25, z), p.ScreenY(hip - 0.04, z),
                    0.09 * s, C.Person, id, _shirt.Scale(0.9));
            }

            canvas.FillQuad(p.ScreenX(x - 0.22, z), p.ScreenY(shoulder, z), p.ScreenX(x + 0.22, z), p.ScreenY(shoulder, z),
                p.ScreenX(x + 0.17, z), p.ScreenY(hip, z), p.ScreenX(x - 0.17, z), p.ScreenY(hip, z), C.Person, id, _shirt);
            PaintHead(canvas, p, x, z, shoulder + 0.11 * h, id, C.Person);
        }

        public void PaintRider(SceneCanvas canvas, StreetPerspective p, double x, double z, Bike bike)
        {
            var id = canvas.NewInstance(C.Rider);
            var s = p.Scale(z);
            var (seatX, seatY) = (x + bike.SeatX, bike.SeatHeight);
            var (handX, handY) = (x + bike.HandleX, bike.HandleHeight);
            var shoulderX = seatX + bike.Direction * 0.28;
            var shoulderY = seatY + 0.58 * _height / 1.75;
            canvas.FillLine(p.ScreenX(seatX, z), p.ScreenY(seatY, z), p.ScreenX(x + bike.PedalX, z), p.ScreenY(0.3, z),
                0.14 * s, C.Rider, id, _trousers);
            canvas.FillLine(p.ScreenX(seatX, z), p.ScreenY(seatY + 0.1, z), p.ScreenX(shoulderX, z), p.ScreenY(shoulderY, z),
                0.36 * s, C.Rider, id, _shirt);
            canvas.FillLine(p.ScreenX(shoulderX, z), p.ScreenY(shoulderY, z), p.ScreenX(handX, z), p.ScreenY(handY, z),
                0.09 * s, C.Rider, id, _shirt.Scale(0.9));
            PaintHead(canvas, p, shoulderX + bike.Direction * 0.05, z, shoulderY + 0.17, id, C.Rider);
        }

        private void PaintHead(SceneCanvas canvas, StreetPerspective p, double x, double z, double centre, int id, byte label)
        {
            var s = p.Scale(z);
            canvas.FillEllipse(p.ScreenX(x, z), p.ScreenY(centre, z), 0.09 * s, 0.115 * s, label, id, _skin);
            canvas.FillEllipse(p.ScreenX(x, z), p.ScreenY(centre + 0.06, z), 0.095 * s, 0.07 * s, label, id, _hair);
        }
    }

    /// <summary>A bicycle or motorcycle seen from the side.</summary>
    private sealed class Bike
    {
        private byte _kind;
        private double _wheelBase;
        private double _wheel;
        private Rgb _frame;

        public double Direction { get; private set; }

        public double SeatX => -Direction * 0.2;

        public double SeatHeight => _kind == C.Bicycle ? 0.95 : 0.82;

        public double HandleX => Direction * (_wheelBase / 2 - 0.12);

        public double HandleHeight => _kind == C.Bicycle ? 1.05 : 1.0;

        public double PedalX => _kind == C.Bicycle ? -Direction * 0.05 : Direction * 0.1;

        public static Bike Create(byte kind, SceneRandom random) => new()
        {
            _kind = kind,
            Direction = random.Chance(0.5) ? -1 : 1,
            _wheelBase = kind == C.Bicycle ? random.Range(1.0, 1.1) : random.Range(1.3, 1.5),
            _wheel = kind == C.Bicycle ? random.Range(0.32, 0.36) : random.Range(0.29, 0.33),
            _frame = random.Pick(s_clothes).Mix(Rgb.Of(200, 40, 40), random.Range(0, 0.7)).Vary(random, 15),
        };

        public void Paint(SceneCanvas canvas, StreetPerspective p, double x, double z, int id)
        {
            var s = p.Scale(z);
            var tyre = Rgb.Of(25, 25, 25);
            var rear = x - Direction * _wheelBase / 2;
            var front = x + Direction * _wheelBase / 2;
            foreach (var hub in new[] { rear, front })
            {
                canvas.FillEllipse(p.ScreenX(hub, z), p.ScreenY(_wheel, z), _wheel * s, _wheel * s, _kind, id, tyre);
                canvas.FillEllipse(p.ScreenX(hub, z), p.ScreenY(_wheel, z), _wheel * 0.72 * s, _wheel * 0.72 * s, _kind, id,
                    _kind == C.Bicycle ? Rgb.Of(110, 110, 105) : Rgb.Of(70, 70, 72));
            }

            if (_kind == C.Motorcycle)
            {
                canvas.FillEllipse(p.ScreenX(x, z), p.ScreenY(0.62, z), 0.55 * s, 0.24 * s, _kind, id, _frame);
                canvas.FillEllipse(p.ScreenX(x, z), p.ScreenY(0.38, z), 0.3 * s, 0.16 * s, _kind, id, Rgb.Of(60, 60, 60));
            }

            var thickness = (_kind == C.Bicycle ? 0.05 : 0.09) * s;
            var seat = (p.ScreenX(x + SeatX, z), p.ScreenY(SeatHeight, z));
            var pedal = (p.ScreenX(x + PedalX, z), p.ScreenY(0.3, z));
            var handle = (p.ScreenX(x + HandleX, z), p.ScreenY(HandleHeight, z));
            var rearHub = (p.ScreenX(rear, z), p.ScreenY(_wheel, z));
            var frontHub = (p.ScreenX(front, z), p.ScreenY(_wheel, z));
            Line(canvas, rearHub, pedal, thickness, id);
            Line(canvas, pedal, seat, thickness, id);
            Line(canvas, seat, rearHub, thickness, id);
            Line(canvas, seat, handle, thickness, id);
            Line(canvas, handle, frontHub, thickness, id);
            Line(canvas, pedal, handle, thickness, id);
        }

        private void Line(SceneCanvas canvas, (double X, double Y) a, (double X, double Y) b, double thickness, int id) =>
            canvas.FillLine(a.X, a.Y, b.X, b.Y, thickness, _kind, id, _frame);
    }
}
