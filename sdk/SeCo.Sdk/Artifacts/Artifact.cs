namespace SeCo.Sdk.Artifacts;

/// <summary>
/// Base of everything that flows between stages. An artifact is a small, JSON-serialisable
/// description of files on disk (the host writes it into the stage manifest); it never holds tensors.
/// Plugins may define their own artifact records in a shared assembly.
/// </summary>
public abstract record Artifact
{
    /// <summary>Resolves a path stored in the artifact against a root folder (absolute paths pass through).</summary>
    protected static string Resolve(string root, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(root, path));
}
