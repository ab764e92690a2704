namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>A generated street scene: the rendered photo and its exact annotation.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Labels">Ground-truth train id per pixel (row-major), 255 where unlabelled.</param>
/// <param name="Instances">Object instance per pixel (row-major), 0 where unlabelled.</param>
/// <param name="InstanceClasses">The class of each instance id.</param>
/// <param name="Rgb">The rendered image, RGB interleaved, row-major.</param>
internal sealed record StreetScene(int Width, int Height, byte[] Labels, int[] Instances, IReadOnlyList<byte> InstanceClasses, byte[] Rgb);
