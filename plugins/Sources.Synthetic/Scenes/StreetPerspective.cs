namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>
/// The pinhole camera of a street scene: the camera stands <see cref="CameraHeight"/> metres above a
/// flat ground plane and looks along the street (world X to the right, Z forward, heights upwards).
/// </summary>
/// <param name="HorizonY">Image row of the horizon (and of the vanishing point).</param>
/// <param name="VanishingX">Image column of the vanishing point.</param>
/// <param name="Focal">Focal length in pixels.</param>
/// <param name="CameraHeight">Height of the camera above the ground in metres.</param>
internal readonly record struct StreetPerspective(double HorizonY, double VanishingX, double Focal, double CameraHeight)
{
    /// <summary>Pixels per metre at depth <paramref name="z"/>.</summary>
    public double Scale(double z) => Focal / z;

    /// <summary>Image column of world lateral position <paramref name="x"/> at depth <paramref name="z"/>.</summary>
    public double ScreenX(double x, double z) => VanishingX + Focal * x / z;

    /// <summary>Image row of a point <paramref name="height"/> metres above the ground at depth <paramref name="z"/>.</summary>
    public double ScreenY(double height, double z) => HorizonY - Focal * (height - CameraHeight) / z;

    /// <summary>Depth of the ground point seen at image row <paramref name="y"/> (below the horizon).</summary>
    public double DepthOfRow(double y) => Focal * CameraHeight / (y - HorizonY);

    /// <summary>Depth at which the vertical plane at lateral position <paramref name="x"/> is seen in column <paramref name="column"/>.</summary>
    public double DepthOfColumn(double x, double column) => Focal * x / (column - VanishingX);
}
