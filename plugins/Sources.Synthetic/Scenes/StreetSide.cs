namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>The layout of one side of the street, in metres from the camera's line of sight.</summary>
internal sealed class StreetSide
{
    /// <summary>−1 for the left side, +1 for the right side.</summary>
    public required int Sign { get; init; }

    /// <summary>Distance from the camera axis to the kerb.</summary>
    public required double RoadEdge { get; init; }

    /// <summary>Width of the pavement beyond the kerb.</summary>
    public required double SidewalkWidth { get; init; }

    /// <summary>Width of a grass verge between pavement and frontage (0 for none).</summary>
    public required double VergeWidth { get; init; }

    /// <summary>True for a park side: a hedge/tree line behind a wall or fence instead of buildings.</summary>
    public required bool IsPark { get; init; }

    /// <summary>Distance from the camera axis to the frontage plane (building façades or the tree line).</summary>
    public double FrontageOffset => RoadEdge + SidewalkWidth + VergeWidth;

    /// <summary>The lateral world coordinate of a distance from the axis on this side.</summary>
    public double WorldX(double distance) => Sign * distance;
}
