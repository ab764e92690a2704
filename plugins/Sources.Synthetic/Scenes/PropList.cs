namespace SeCo.Plugins.Sources.Synthetic.Scenes;

/// <summary>Objects standing in the street, painted far to near so nearer objects occlude farther ones.</summary>
internal sealed class PropList
{
    private readonly List<(double Depth, int Order, Action Paint)> _props = [];

    /// <summary>Adds an object whose nearest point is at <paramref name="depth"/> metres.</summary>
    public void Add(double depth, Action paint) => _props.Add((depth, _props.Count, paint));

    /// <summary>The number of objects added.</summary>
    public int Count => _props.Count;

    /// <summary>Paints every object, farthest first (ties in the order they were added).</summary>
    public void PaintFarToNear()
    {
        _props.Sort(static (a, b) => a.Depth != b.Depth ? b.Depth.CompareTo(a.Depth) : a.Order.CompareTo(b.Order));
        foreach (var prop in _props)
        {
            prop.Paint();
        }
    }
}
