using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Numerics;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Keepers;

/// <summary>A price signed by the oracle's feed signer, as <c>PriceOracle.pushPrice</c> takes it.</summary>
/// <param name="Asset">The priced asset.</param>
/// <param name="Price">Base-token units per 1e18 asset units (WAD).</param>
/// <param name="Timestamp">When the price was observed (seconds); must be newer than the last one pushed and not after the chain's clock.</param>
/// <param name="Signature">65 bytes: an Ethereum signed message over <c>keccak256(abi.encode(oracle, chainid, asset, price, timestamp))</c>.</param>
public sealed record SignedPrice(string Asset, BigInteger Price, ulong Timestamp, byte[] Signature);

/// <summary>Where the oracle keeper gets signed prices.</summary>
public interface IPriceFeed
{
    /// <summary>The feed's current prices (empty when no feed is configured).</summary>
    Task<IReadOnlyList<SignedPrice>> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The feed at <see cref="KeeperOptions.PriceFeedUrl"/>: <c>GET</c> returns
/// <c>{ "prices": [ { "asset", "price" (decimal string), "timestamp" (seconds), "signature" (0x + 130 hex digits) } ] }</c>.
/// A feed that cannot be reached throws <see cref="HttpRequestException"/>; one that answers something else throws
/// <see cref="FormatException"/> naming the URL and what is wrong.
/// </summary>
public sealed class HttpPriceFeed(IOptions<KeeperOptions> options) : IPriceFeed, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <inheritdoc />
    public async Task<IReadOnlyList<SignedPrice>> ReadAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.PriceFeedUrl;
        if (string.IsNullOrWhiteSpace(url))
        {
            return [];
        }

        var json = await _http.GetStringAsync(url, cancellationToken).ConfigureAwait(false);
        return Parse(json, url);
    }

    /// <summary>Parses a feed document; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<SignedPrice> Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("prices", out var prices) || prices.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("it has no \"prices\" array");
            }

            return prices.EnumerateArray().Select((p, i) =>
            {
                var asset = p.GetProperty("asset").GetString() ?? string.Empty;
                if (!Protocol.Address.TryParse(asset, out _))
                {
                    throw new FormatException($"price {i}: \"{asset}\" is not an address");
                }

                var price = BigInteger.Parse(p.GetProperty("price").GetString() ?? string.Empty, NumberStyles.None, CultureInfo.InvariantCulture);
                var signature = KeeperAbi.FromHex(p.GetProperty("signature").GetString());
                if (signature.Length != 65)
                {
                    throw new FormatException($"price {i}: the signature has {signature.Length} bytes, not 65");
                }

                return new SignedPrice(asset, price, p.GetProperty("timestamp").GetUInt64(), signature);
            }).ToArray();
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"The price feed {source} answered a document the keeper cannot read: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
