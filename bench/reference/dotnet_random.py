# .NET's System.Random(seed) (the seeded, "Net5CompatSeedImpl" Knuth subtractive generator that .NET keeps for
# seeded instances), so that a reference script can rebuild the exact synthetic input of one of our benchmarks
# (bench/*/...Benchmarks.cs draw their maps with new Random(seed)). Next(max) and Next(min, max) for ranges below
# 2^31, as the benchmarks call them.
MBIG = 2147483647
MSEED = 161803398


class DotnetRandom:
    def __init__(self, seed):
        seed_array = [0] * 56
        subtraction = MBIG if seed == -2147483648 else abs(seed)
        mj = MSEED - subtraction
        seed_array[55] = mj
        mk = 1
        for i in range(1, 55):
            ii = (21 * i) % 55
            seed_array[ii] = mk
            mk = mj - mk
            if mk < 0:
                mk += MBIG
            mj = seed_array[ii]
        for _ in range(1, 5):
            for i in range(1, 56):
                n = i + 30
                if n >= 55:
                    n -= 55
                seed_array[i] -= seed_array[1 + n]
                if seed_array[i] < 0:
                    seed_array[i] += MBIG
        self._seed_array = seed_array
        self._inext = 0
        self._inextp = 21

    def _internal_sample(self):
        inext = self._inext + 1
        if inext >= 56:
            inext = 1
        inextp = self._inextp + 1
        if inextp >= 56:
            inextp = 1
        value = self._seed_array[inext] - self._seed_array[inextp]
        if value == MBIG:
            value -= 1
        if value < 0:
            value += MBIG
        self._seed_array[inext] = value
        self._inext, self._inextp = inext, inextp
        return value

    def _sample(self):
        return self._internal_sample() * (1.0 / MBIG)

    def next(self, a, b=None):
        """Next(max) when b is None, else Next(min=a, max=b)."""
        if b is None:
            return int(self._sample() * a)
        if b - a > MBIG:
            raise ValueError("ranges of 2^31 and more are not ported")
        return int(self._sample() * (b - a)) + a
