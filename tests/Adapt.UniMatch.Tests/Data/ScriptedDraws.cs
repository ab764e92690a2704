using SeCo.Plugins.Adapt.UniMatch.Data;

namespace Adapt.UniMatch.Tests.Data;

/// <summary>Returns scripted draws in order and records the bounds the code asked for.</summary>
internal sealed class ScriptedDraws : IRandomSource
{
    private int _random;
    private int _int;
    private int _uniform;

    public double[] Randoms { get; init; } = [];

    public int[] Ints { get; init; } = [];

    public double[] Uniforms { get; init; } = [];

    public List<(int Low, int High)> IntBounds { get; } = [];

    public List<(double Low, double High)> UniformBounds { get; } = [];

    public double Random() => Randoms[_random++];

    public int RandInt(int low, int high)
    {
        IntBounds.Add((low, high));
        return Ints[_int++];
    }

    public double Uniform(double low, double high)
    {
        UniformBounds.Add((low, high));
        return Uniforms[_uniform++];
    }

    public int NumpyRandInt(int low, int high)
    {
        IntBounds.Add((low, high - 1));
        return Ints[_int++];
    }
}
