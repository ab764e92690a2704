using System.Runtime.CompilerServices;
using SeCo.Plugins.Sources.Synthetic.Randomness;
using C = SeCo.Plugins.Sources.Synthetic.Scenes.CityscapesClass;

namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>
/// Generates a street scene seen from a car: sky, a road with lane markings running to a vanishing
/// point, pavements, building façades with windows or a park behind a wall or fence, trees, poles
/// with signs and traffic lights, vehicles, pedestrians and riders, and the ego vehicle's bonnet.
/// Everything is placed in world metres and projected, so objects shrink with distance.
/// </summary>
internal static class StreetSceneGenerator
{
    private const double FarDepth = 160;

    private static readonly Rgb[] s_facadeColors =
    [
        Rgb.Of(150, 140, 130), Rgb.Of(180, 170, 150), Rgb.Of(120, 110, 105), Rgb.Of(170, 120, 95),
        Rgb.Of(200, 195, 185), Rgb.Of(140, 135, 140), Rgb.Of(160, 150, 120), Rgb.Of(110, 95, 85),
    ];

    /// <summary>Generates one scene of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static StreetScene Generate(int width, int height, SceneRandom random) => Generate(width, height, random, SceneStyle.Source);

    /// <summary>Generates one scene in the layout and look of <paramref name="style"/>.</summary>
    public static StreetScene Generate(int width, int height, SceneRandom random, SceneStyle style)
    {
        var canvas = new SceneCanvas(width, height);
        var perspective = new StreetPerspective(
            HorizonY: height * random.Range(style.HorizonMin, style.HorizonMax),
            VanishingX: width * random.Range(0.4, 0.6),
            Focal: width * random.Range(style.FocalMin, style.FocalMax),
            CameraHeight: random.Range(style.CameraHeightMin, style.CameraHeightMax));
        var left = CreateSide(-1, random, style);
        var right = CreateSide(+1, random, style);
        var noise = new ValueNoise(random.NextSeed());

        PaintSkyAndGround(canvas, perspective, left, right, random);
        PaintBackdrop(canvas, perspective, random);
        var gaps = new List<(StreetSide Side, double Z0, double Z1)>();
        PaintFrontage(canvas, perspective, left, random, noise, gaps);
        PaintFrontage(canvas, perspective, right, random, noise, gaps);
        PaintBoundaries(canvas, perspective, left, right, gaps, random);

        var props = new PropList();
        StreetFurniturePainter.Place(props, canvas, perspective, left, right, random, noise);
        TrafficPainter.Place(props, canvas, perspective, left, right, random, style);
        PeoplePainter.Place(props, canvas, perspective, left, right, random, style);
        props.PaintFarToNear();

        PaintEgoVehicle(canvas, random);
        var rgb = SceneShader.Render(canvas, random);
        if (style.Photometric)
        {
            DomainShift.Apply(rgb, width, height, perspective, random);
        }

        return new StreetScene(width, height, canvas.Labels, canvas.Instances, canvas.InstanceClasses, rgb);
    }

    private static StreetSide CreateSide(int sign, SceneRandom random, SceneStyle style)
    {
        var park = random.Chance(style.ParkChance);
        return new StreetSide
        {
            Sign = sign,
            RoadEdge = sign < 0 ? random.Range(4.5, 9.0) : random.Range(2.6, 5.0),
            SidewalkWidth = random.Range(2.0, 4.5),
            VergeWidth = park ? random.Range(2.0, 6.0) : random.Chance(0.35) ? random.Range(1.0, 3.0) : 0,
            IsPark = park,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PaintSkyAndGround(SceneCanvas canvas, StreetPerspective p, StreetSide left, StreetSide right, SceneRandom random)
    {
        var overcast = random.Chance(0.5);
        var skyTop = overcast ? Rgb.Of(175, 185, 195).Vary(random, 10) : Rgb.Of(70, 130, 200).Vary(random, 15);
        var skyHorizon = overcast ? Rgb.Of(215, 220, 225).Vary(random, 8) : Rgb.Of(180, 205, 230).Vary(random, 10);
        var asphalt = Rgb.Of(92, 90, 95).Vary(random, 6, 0.15);
        var marking = Rgb.Of(225, 225, 215).Vary(random, 8, 0.05);
        var paving = Rgb.Of(165, 155, 150).Vary(random, 12, 0.1);
        var grass = Rgb.Of(120, 150, 70).Vary(random, 15, 0.15);
        var sky = canvas.NewInstance(C.Sky);
        var road = canvas.NewInstance(C.Road);
        var walkLeft = canvas.NewInstance(C.Sidewalk);
        var walkRight = canvas.NewInstance(C.Sidewalk);
        var grassLeft = canvas.NewInstance(C.Terrain);
        var grassRight = canvas.NewInstance(C.Terrain);
        var shadowSide = random.Chance(0.5) ? -1 : 1;
        var shadowReach = random.Range(0.0, 6.0);
        var laneWidth = random.Range(3.0, 3.6);
        var dashPeriod = random.Range(8.0, 12.0);

        for (var y = 0; y < canvas.Height; y++)
        {
            var rowY = y + 0.5;
            if (rowY <= p.HorizonY)
            {
                var t = rowY / p.HorizonY;
                var color = skyTop.Mix(skyHorizon, t * t);
                for (var x = 0; x < canvas.Width; x++)
                {
                    canvas.Paint(x, y, C.Sky, sky, color);
                }

                continue;
            }

            var z = p.DepthOfRow(rowY);
            for (var x = 0; x < canvas.Width; x++)
            {
                var worldX = (x + 0.5 - p.VanishingX) * z / p.Focal;
                var side = worldX < 0 ? left : right;
                var distance = Math.Abs(worldX);
                byte label;
                int instance;
                Rgb color;
                if (distance <= side.RoadEdge)
                {
                    label = C.Road;
                    instance = road;
                    color = IsMarking(worldX, z, side.RoadEdge, laneWidth, dashPeriod) ? marking : asphalt;
                }
                else if (distance <= side.RoadEdge + side.SidewalkWidth || (side.VergeWidth == 0 && !side.IsPark))
                {
                    label = C.Sidewalk;
                    instance = side.Sign < 0 ? walkLeft : walkRight;
                    color = distance - side.RoadEdge < 0.2 ? paving.Scale(1.12) : paving;
                }
                else
                {
                    label = C.Terrain;
                    instance = side.Sign < 0 ? grassLeft : grassRight;
                    color = grass;
                }

                var shadowEdge = (shadowSide < 0 ? left : right).FrontageOffset - shadowReach;
                if (worldX * shadowSide > shadowEdge)
                {
                    color = color.Scale(0.68);
                }

                canvas.Paint(x, y, label, instance, color);
            }
        }
    }

    private static bool IsMarking(double worldX, double z, double roadEdge, double laneWidth, double dashPeriod)
    {
        // Dashed lane lines every lane width from the camera's lane; a solid line near each kerb.
        if (roadEdge - Math.Abs(worldX) < 0.45 && roadEdge - Math.Abs(worldX) > 0.3)
        {
            return true;
        }

        var offset = Math.Abs(worldX) - laneWidth / 2;
        if (offset < -0.1)
        {
            return false;
        }

        var nearest = Math.Round(offset / laneWidth) * laneWidth;
        if (Math.Abs(offset - nearest) > 0.08 || Math.Abs(worldX) > roadEdge - 1)
        {
            return false;
        }

        var phase = z / dashPeriod;
        return phase - Math.Floor(phase) < 0.4;
    }

    private static void PaintBackdrop(SceneCanvas canvas, StreetPerspective p, SceneRandom random)
    {
        // A skyline of far buildings and tree lines across the end of the street.
        var depth = random.Range(70, FarDepth);
        var bottom = p.ScreenY(0, depth);
        var x = 0.0;
        while (x < canvas.Width)
        {
            var blockWidth = random.Range(8, 40) * canvas.Width / 512.0;
            var trees = random.Chance(0.3);
            var label = trees ? C.Vegetation : C.Building;
            var instance = canvas.NewInstance(label);
            var color = trees ? Rgb.Of(70, 95, 50).Vary(random, 12) : random.Pick(s_facadeColors).Vary(random, 15).Scale(0.85);
            var top = p.ScreenY(random.Range(trees ? 6 : 8, trees ? 14 : 32), depth);
            canvas.FillRect(x, top, x + blockWidth, bottom + 1, label, instance, color);
            x += blockWidth;
        }
    }

    private static void PaintFrontage(SceneCanvas canvas, StreetPerspective p, StreetSide side, SceneRandom random,
        ValueNoise noise, List<(StreetSide Side, double Z0, double Z1)> gaps)
    {
        var offset = side.WorldX(side.FrontageOffset);
        var z = random.Range(0.5, 4.0);
        while (z < FarDepth)
        {
            var length = side.IsPark ? random.Range(25, 60) : random.Range(8, 28);
            if (!side.IsPark && random.Chance(0.18))
            {
                gaps.Add((side, z, z + length * 0.5));
                z += length * 0.5;
                continue;
            }

            var segment = new FacadeSegment(z, z + length, side.IsPark ? random.Range(5, 12) : random.Range(7, 26),
                side.IsPark ? C.Vegetation : C.Building, random);
            PaintFacade(canvas, p, offset, segment, noise);
            z += length;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PaintFacade(SceneCanvas canvas, StreetPerspective p, double offset, FacadeSegment segment, ValueNoise noise)
    {
        var instance = canvas.NewInstance(segment.Label);
        var x0 = p.ScreenX(offset, offset < 0 ? segment.Z0 : segment.Z1);
        var x1 = p.ScreenX(offset, offset < 0 ? segment.Z1 : segment.Z0);
        var from = Math.Max((int)Math.Floor(x0), 0);
        var to = Math.Min((int)Math.Ceiling(x1), canvas.Width - 1);
        for (var x = from; x <= to; x++)
        {
            var z = p.DepthOfColumn(offset, x + 0.5);
            if (z < segment.Z0 || z >= segment.Z1 || z <= 0)
            {
                continue;
            }

            var scale = p.Scale(z);
            var top = p.ScreenY(segment.Height, z);
            if (segment.Label == C.Vegetation)
            {
                top -= (noise.Sample((float)(z * 0.4), 3.7f) - 0.5) * 4 * scale;
            }

            var bottom = p.ScreenY(0, z);
            var yFrom = Math.Max((int)Math.Floor(top), 0);
            var yTo = Math.Min((int)Math.Ceiling(bottom), canvas.Height);
            for (var y = yFrom; y < yTo; y++)
            {
                var heightAboveGround = p.CameraHeight + (p.HorizonY - (y + 0.5)) / scale;
                canvas.Paint(x, y, segment.Label, instance, segment.ColorAt(z - segment.Z0, heightAboveGround));
            }
        }
    }

    private static void PaintBoundaries(SceneCanvas canvas, StreetPerspective p, StreetSide left, StreetSide right,
        List<(StreetSide Side, double Z0, double Z1)> gaps, SceneRandom random)
    {
        // Walls and fences: along a park's pavement, and closing some gaps between buildings.
        foreach (var side in new[] { left, right })
        {
            if (side.IsPark)
            {
                PaintBarrier(canvas, p, side.WorldX(side.RoadEdge + side.SidewalkWidth + 0.1), random.Range(2, 6), FarDepth,
                    random.Chance(0.5) ? C.Wall : C.Fence, random.Range(0.8, 2.2), random);
            }
        }

        foreach (var (side, z0, z1) in gaps)
        {
            if (random.Chance(0.7))
            {
                PaintBarrier(canvas, p, side.WorldX(side.FrontageOffset - 0.05), z0, z1,
                    random.Chance(0.5) ? C.Wall : C.Fence, random.Range(1.5, 3.0), random);
            }
        }
    }

    private static void PaintBarrier(SceneCanvas canvas, StreetPerspective p, double offset, double z0, double z1, byte label,
        double height, SceneRandom random)
    {
        var instance = canvas.NewInstance(label);
        var color = label == C.Wall ? Rgb.Of(150, 145, 135).Vary(random, 15) : Rgb.Of(110, 100, 85).Vary(random, 15);
        var slatPeriod = random.Range(0.15, 0.3);
        var xa = p.ScreenX(offset, z0);
        var xb = p.ScreenX(offset, z1);
        var from = Math.Max((int)Math.Floor(Math.Min(xa, xb)), 0);
        var to = Math.Min((int)Math.Ceiling(Math.Max(xa, xb)), canvas.Width - 1);
        for (var x = from; x <= to; x++)
        {
            var z = p.DepthOfColumn(offset, x + 0.5);
            if (z < z0 || z >= z1 || z <= 0)
            {
                continue;
            }

            var top = p.ScreenY(height, z);
            var bottom = p.ScreenY(0, z);
            var phase = z / slatPeriod;
            var slat = label == C.Fence && phase - Math.Floor(phase) < 0.35;
            var columnColor = slat ? color.Scale(0.7) : color;
            for (var y = Math.Max((int)Math.Floor(top), 0); y < Math.Min((int)Math.Ceiling(bottom), canvas.Height); y++)
            {
                canvas.Paint(x, y, label, instance, columnColor);
            }
        }
    }

    private static void PaintEgoVehicle(SceneCanvas canvas, SceneRandom random)
    {
        // The bonnet of the recording car: unlabelled in Cityscapes (255).
        var depth = canvas.Height * random.Range(0.06, 0.1);
        var color = Rgb.Of(40, 42, 48).Vary(random, 8);
        var mid = canvas.Width / 2.0;
        for (var x = 0; x < canvas.Width; x++)
        {
            var u = (x + 0.5 - mid) / mid;
            var top = canvas.Height - depth * (1 - 0.45 * u * u);
            for (var y = Math.Max((int)Math.Ceiling(top), 0); y < canvas.Height; y++)
            {
                canvas.Paint(x, y, C.Ignore, 0, color.Scale(1 + 0.25 * (1 - Math.Abs(u))));
            }
        }
    }
}
