using SeCo.Plugins.Sources.Synthetic.Randomness;
using C = SeCo.Plugins.Sources.Synthetic.Scenes.CityscapesClass;

namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>Places trees, poles, street lamps, traffic signs and traffic lights along the pavements.</summary>
internal static class StreetFurniturePainter
{
    private static readonly Rgb[] s_signColors =
    [
        Rgb.Of(30, 80, 170), Rgb.Of(200, 30, 35), Rgb.Of(235, 235, 230), Rgb.Of(240, 200, 30),
    ];

    private static readonly Rgb[] s_lampColors = [Rgb.Of(210, 40, 30), Rgb.Of(240, 170, 30), Rgb.Of(40, 200, 100)];

    public static void Place(PropList props, SceneCanvas canvas, StreetPerspective p, StreetSide left, StreetSide right,
        SceneRandom random, ValueNoise noise)
    {
        foreach (var side in new[] { left, right })
        {
            PlaceTrees(props, canvas, p, side, random, noise);
            PlacePoles(props, canvas, p, side, random);
        }
    }

    private static void PlaceTrees(PropList props, SceneCanvas canvas, StreetPerspective p, StreetSide side, SceneRandom random, ValueNoise noise)
    {
        var density = side.IsPark ? 0.85 : 0.5;
        for (var z = random.Range(3, 10); z < 90; z += random.Range(7, 18))
        {
            if (!random.Chance(density))
            {
                continue;
            }

            var distance = side.VergeWidth > 0
                ? side.RoadEdge + side.SidewalkWidth + side.VergeWidth * random.Range(0.3, 0.7)
                : side.RoadEdge + side.SidewalkWidth * random.Range(0.6, 0.85);
            var x = side.WorldX(distance);
            var treeZ = z;
            var trunkHeight = random.Range(1.8, 3.2);
            var trunkWidth = random.Range(0.22, 0.4);
            var crown = random.Range(1.4, 3.2);
            var trunkColor = Rgb.Of(85, 70, 55).Vary(random, 10);
            var leafColor = Rgb.Of(80, 115, 45).Vary(random, 18, 0.2);
            var offsets = new[] { random.Range(-0.5, 0.5), random.Range(-0.5, 0.5), random.Range(0.5, 1.0) };
            props.Add(treeZ, () =>
            {
                var id = canvas.NewInstance(C.Vegetation);
                var s = p.Scale(treeZ);
                canvas.FillRect(p.ScreenX(x - trunkWidth / 2, treeZ), p.ScreenY(trunkHeight + crown * 0.5, treeZ),
                    p.ScreenX(x + trunkWidth / 2, treeZ), p.ScreenY(0, treeZ), C.Vegetation, id, trunkColor);
                var cy = p.ScreenY(trunkHeight + crown * 0.85, treeZ);
                var cx = p.ScreenX(x, treeZ);
                canvas.FillEllipse(cx, cy, crown * s, crown * 0.9 * s, C.Vegetation, id, leafColor, noise, 0.22);
                canvas.FillEllipse(cx + offsets[0] * crown * s, cy - offsets[2] * crown * 0.6 * s, crown * 0.7 * s, crown * 0.6 * s,
                    C.Vegetation, id, leafColor.Scale(1.1), noise, 0.25);
                canvas.FillEllipse(cx + offsets[1] * crown * s, cy + crown * 0.3 * s, crown * 0.6 * s, crown * 0.5 * s,
                    C.Vegetation, id, leafColor.Scale(0.85), noise, 0.25);
            });
        }
    }

    private static void PlacePoles(PropList props, SceneCanvas canvas, StreetPerspective p, StreetSide side, SceneRandom random)
    {
        for (var z = random.Range(4, 12); z < 80; z += random.Range(10, 26))
        {
            var x = side.WorldX(side.RoadEdge + random.Range(0.25, 0.5));
            var poleZ = z;
            var width = random.Range(0.12, 0.25);
            var color = Rgb.Of(120, 120, 118).Vary(random, 15, 0.15);
            var kind = random.Next(0, 10);
            if (kind < 2)
            {
                var height = random.Range(3.0, 7.0);
                props.Add(poleZ, () => PaintPole(canvas, p, x, poleZ, width, height, color));
            }
            else if (kind < 5)
            {
                var height = random.Range(6.0, 9.0);
                var armLength = random.Range(1.0, 2.2);
                var towardsRoad = -side.Sign;
                props.Add(poleZ, () =>
                {
                    var id = PaintPole(canvas, p, x, poleZ, width, height, color);
                    var s = p.Scale(poleZ);
                    var (ax, ay) = (p.ScreenX(x, poleZ), p.ScreenY(height - 0.1, poleZ));
                    var (bx, by) = (p.ScreenX(x + towardsRoad * armLength, poleZ), p.ScreenY(height + 0.25, poleZ));
                    canvas.FillLine(ax, ay, bx, by, width * 0.6 * s, C.Pole, id, color);
                    canvas.FillEllipse(bx, by + 0.1 * s, 0.3 * s, 0.1 * s, C.Pole, id, color.Scale(0.8));
                });
            }
            else if (kind < 8)
            {
                var height = random.Range(2.6, 3.4);
                var size = random.Range(0.55, 0.9);
                var signColor = random.Pick(s_signColors).Vary(random, 10, 0.1);
                var shape = random.Next(0, 3);
                props.Add(poleZ, () =>
                {
                    PaintPole(canvas, p, x, poleZ, width, height, color);
                    PaintSign(canvas, p, x, poleZ, height, size, signColor, shape);
                });
            }
            else
            {
                var height = random.Range(3.4, 5.0);
                var lit = random.Next(0, 3);
                props.Add(poleZ, () =>
                {
                    PaintPole(canvas, p, x, poleZ, width, height, color);
                    PaintTrafficLight(canvas, p, x, poleZ, height, lit);
                });
            }
        }
    }

    private static int PaintPole(SceneCanvas canvas, StreetPerspective p, double x, double z, double width, double height, Rgb color)
    {
        var id = canvas.NewInstance(C.Pole);
        canvas.FillRect(p.ScreenX(x - width / 2, z), p.ScreenY(height, z), p.ScreenX(x + width / 2, z), p.ScreenY(0, z),
            C.Pole, id, color);
        return id;
    }

    private static void PaintSign(SceneCanvas canvas, StreetPerspective p, double x, double z, double top, double size, Rgb color, int shape)
    {
        var id = canvas.NewInstance(C.TrafficSign);
        var s = p.Scale(z);
        var cx = p.ScreenX(x, z);
        var cy = p.ScreenY(top - size / 2 + 0.1, z);
        var r = size / 2 * s;
        var rim = color.R > 200 && color.G > 200 ? Rgb.Of(200, 30, 35) : Rgb.Of(235, 235, 230);
        switch (shape)
        {
            case 0:
                canvas.FillEllipse(cx, cy, r, r, C.TrafficSign, id, rim);
                canvas.FillEllipse(cx, cy, r * 0.78, r * 0.78, C.TrafficSign, id, color);
                break;
            case 1:
                canvas.FillRect(cx - r, cy - r * 0.7, cx + r, cy + r * 0.7, C.TrafficSign, id, rim);
                canvas.FillRect(cx - r * 0.85, cy - r * 0.55, cx + r * 0.85, cy + r * 0.55, C.TrafficSign, id, color);
                break;
            default:
                canvas.FillQuad(cx, cy - r, cx + r, cy, cx, cy + r, cx - r, cy, C.TrafficSign, id, rim);
                canvas.FillQuad(cx, cy - r * 0.7, cx + r * 0.7, cy, cx, cy + r * 0.7, cx - r * 0.7, cy, C.TrafficSign, id, color);
                break;
        }
    }

    private static void PaintTrafficLight(SceneCanvas canvas, StreetPerspective p, double x, double z, double top, int lit)
    {
        var id = canvas.NewInstance(C.TrafficLight);
        var s = p.Scale(z);
        var housing = Rgb.Of(38, 38, 36);
        var x0 = p.ScreenX(x - 0.17, z);
        var x1 = p.ScreenX(x + 0.17, z);
        var y0 = p.ScreenY(top + 0.9, z);
        var y1 = p.ScreenY(top, z);
        canvas.FillRect(x0, y0, x1, y1, C.TrafficLight, id, housing);
        var cx = (x0 + x1) / 2;
        for (var i = 0; i < 3; i++)
        {
            var cy = p.ScreenY(top + 0.75 - i * 0.29, z);
            var lamp = i == lit ? s_lampColors[i] : housing.Scale(1.6);
            canvas.FillEllipse(cx, cy, 0.1 * s, 0.1 * s, C.TrafficLight, id, lamp);
        }
    }
}
