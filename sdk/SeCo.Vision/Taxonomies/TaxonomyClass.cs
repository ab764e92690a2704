namespace SeCo.Vision.Taxonomies;

/// <summary>One class of a <see cref="Taxonomy"/>.</summary>
/// <param name="Id">The class id: the pixel value in label maps (0 to 254; 255 is ignore).</param>
/// <param name="Name">The canonical class name (e.g. <c>traffic light</c>).</param>
/// <param name="Color">The display colour (palette entry <paramref name="Id"/>).</param>
/// <param name="IsThing">
/// True for countable objects (SeCo PSA prompts SAM with a box and points per connected component),
/// false for "stuff" (SAM automatic masks vote on them).
/// </param>
public sealed record TaxonomyClass(int Id, string Name, (byte R, byte G, byte B) Color, bool IsThing);
