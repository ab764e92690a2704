namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>
/// Every random draw of the UniMatch data pipeline, named after the reference call it stands for, so a test can
/// replay recorded draws (Python <c>random</c>, NumPy and torch streams cannot be reproduced by a port).
/// </summary>
public interface IRandomSource
{
    /// <summary>Python <c>random.random()</c>: uniform in [0, 1).</summary>
    double Random();

    /// <summary>Python <c>random.randint(low, high)</c>: uniform integer with both bounds inclusive.</summary>
    int RandInt(int low, int high);

    /// <summary>NumPy <c>np.random.uniform(low, high)</c>: uniform in [low, high).</summary>
    double Uniform(double low, double high);

    /// <summary>NumPy <c>np.random.randint(low, high)</c>: uniform integer in [low, high) (upper bound exclusive).</summary>
    int NumpyRandInt(int low, int high);
}
