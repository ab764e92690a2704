namespace SeCo.Vision.Regions;

/// <summary>Which neighbours join two pixels of the same class into one component.</summary>
public enum Connectivity
{
    /// <summary>Left, right, up, down (OpenCV <c>connectivity=4</c>, scikit-image <c>connectivity=1</c>).</summary>
    Four = 4,

    /// <summary>The 4 neighbours plus the diagonals (OpenCV <c>connectivity=8</c>, scikit-image <c>connectivity=2</c>).</summary>
    Eight = 8,
}
