using System.Text.Json;
using SeCo.Plugins.Adapt.UniMatch.Data;

namespace Adapt.UniMatch.Tests.Golden;

/// <summary>Replays the random draws the reference recorded, checking each call's function and arguments.</summary>
internal sealed class RecordedDraws : IRandomSource
{
    private readonly List<(string Function, double[] Args, double Value)> _draws;
    private int _next;

    public RecordedDraws(JsonElement draws)
    {
        _draws = [];
        foreach (var draw in draws.EnumerateArray())
        {
            var args = draw[1].EnumerateArray().Select(a => a.GetDouble()).ToArray();
            _draws.Add((draw[0].GetString()!, args, draw[2].GetDouble()));
        }
    }

    public bool AllConsumed => _next == _draws.Count;

    public double Random() => Take("random.random", []);

    public int RandInt(int low, int high) => (int)Take("random.randint", [low, high]);

    public double Uniform(double low, double high) => Take("np.random.uniform", [low, high]);

    public int NumpyRandInt(int low, int high) => (int)Take("np.random.randint", [low, high]);

    private double Take(string function, double[] args)
    {
        _next.Should().BeLessThan(_draws.Count, "the port must not draw more often than the reference");
        var (recordedFunction, recordedArgs, value) = _draws[_next++];
        recordedFunction.Should().Be(function, $"draw {_next - 1} of the reference");
        args.Should().Equal(recordedArgs, (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(b)));
        return value;
    }
}
