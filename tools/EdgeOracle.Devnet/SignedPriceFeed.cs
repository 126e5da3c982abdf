using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Keepers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;
using Nethereum.Util;
using Nethereum.Web3;

namespace EdgeOracle.Devnet;

/// <summary>
/// A signed price feed for a local chain, in the shape the gateway's oracle keeper reads (<c>GET /prices</c>:
/// <c>{ "prices": [ { asset, price, timestamp, signature } ] }</c>). <see cref="PublishAsync"/> signs a price with the
/// oracle's feed signer key at the chain's clock (one second after the asset's previous price at least), the way a
/// real feed service signs what it observed. Listens on 127.0.0.1 at a port the OS picks.
/// </summary>
public sealed class SignedPriceFeed : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, SignedPrice> _prices = new(StringComparer.OrdinalIgnoreCase);
    private readonly Deployment _deployment;
    private readonly EthECKey _signer;

    private SignedPriceFeed(WebApplication app, Deployment deployment, string signerKey)
    {
        _app = app;
        _deployment = deployment;
        _signer = new EthECKey(signerKey);
    }

    /// <summary>The feed's URL (<c>http://127.0.0.1:port/prices</c>).</summary>
    public string Url =>
        _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/prices";

    /// <summary>Starts the feed for <paramref name="deployment"/>'s PriceOracle, signing with <paramref name="signerKey"/>.</summary>
    public static async Task<SignedPriceFeed> StartAsync(Deployment deployment, string signerKey, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var feed = new SignedPriceFeed(app, deployment, signerKey);
        app.MapGet("/prices", () => new
        {
            prices = feed._prices.Values.Select(p => new
            {
                asset = p.Asset,
                price = p.Price.ToString(CultureInfo.InvariantCulture),
                timestamp = p.Timestamp,
                signature = p.Signature.ToHex(true),
            }).ToArray(),
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return feed;
    }

    /// <summary>Signs and publishes <paramref name="price"/> (base-token units per 1e18 units of <paramref name="asset"/>); returns its timestamp.</summary>
    public async Task<ulong> PublishAsync(string asset, BigInteger price)
    {
        var web3 = new Web3(_deployment.RpcUrl);
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest()).ConfigureAwait(false);
        var timestamp = (ulong)block.Timestamp.Value;
        if (_prices.TryGetValue(asset, out var previous) && timestamp <= previous.Timestamp)
        {
            timestamp = previous.Timestamp + 1;
        }

        // keccak256(abi.encode(oracle, chainid, asset, price, timestamp)), signed as an Ethereum signed message.
        var encoded = KeeperAbi.Encode("x()", _deployment.PriceOracle, new BigInteger(_deployment.ChainId), asset, price, timestamp)[4..];
        var signature = new EthereumMessageSigner().Sign(Sha3Keccack.Current.CalculateHash(encoded), _signer).HexToByteArray();
        _prices[asset] = new SignedPrice(asset, price, timestamp, signature);
        return timestamp;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);
}
