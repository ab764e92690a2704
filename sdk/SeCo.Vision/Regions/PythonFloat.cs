using System.Globalization;

namespace SeCo.Vision.Regions;

/// <summary>Python's <c>float.__repr__</c> (shortest round-trip digits, <c>.0</c> on integers, exponent form below 1e-4 and from 1e16) as <c>json</c> writes it.</summary>
internal static class PythonFloat
{
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // Shortest round-trip digits and decimal exponent from .NET's "E" of the "R" string.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        var body = negative ? shortest[1..] : shortest;
        var exponent = 0;
        var e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }

        var point = body.IndexOf('.');
        var integerDigits = point < 0 ? body.Length : point;
        var digits = point < 0 ? body : body.Remove(point, 1);
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // value = 0.d1d2d3... x 10^decimalPoint  <=>  d1.d2d3... x 10^(decimalPoint - 1)
        var decimalExponent = integerDigits - leadingZeros + exponent - 1;
        string text;
        if (decimalExponent < -4 || decimalExponent >= 16)
        {
            var mantissa = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
            var sign = decimalExponent < 0 ? '-' : '+';
            text = $"{mantissa}e{sign}{Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture)}";
        }
        else if (decimalExponent < 0)
        {
            text = "0." + new string('0', -decimalExponent - 1) + digits;
        }
        else if (digits.Length <= decimalExponent + 1)
        {
            text = digits + new string('0', decimalExponent + 1 - digits.Length) + ".0";
        }
        else
        {
            text = $"{digits[..(decimalExponent + 1)]}.{digits[(decimalExponent + 1)..]}";
        }

        return negative ? "-" + text : text;
    }
}
