using System.Globalization;
using System.Numerics;

namespace EdgeOracle.Cli.Commands;

/// <summary>Formats stablecoin minor units (6 decimals) for people.</summary>
internal static class Money
{
    public const int Decimals = 6;

    public static string Usd(BigInteger minorUnits) => Amount(minorUnits, "tUSD");

    public static string Eur(BigInteger minorUnits) => Amount(minorUnits, "tEUR");

    private static string Amount(BigInteger minorUnits, string symbol)
    {
        var sign = minorUnits < 0 ? "-" : string.Empty;
        var abs = BigInteger.Abs(minorUnits);
        var whole = abs / 1_000_000;
        var cents = abs % 1_000_000 / 10_000;
        return sign + whole.ToString("N0", CultureInfo.InvariantCulture) + "." + cents.ToString("00", CultureInfo.InvariantCulture) + " " + symbol;
    }

    public static string Short(string address) => address.Length > 12 ? address[..8] + "…" + address[^4..] : address;
}
