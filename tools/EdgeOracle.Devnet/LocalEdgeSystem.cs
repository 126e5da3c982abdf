using System;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Gateway.Hosting;
using EdgeOracle.Gateway.Keepers;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Registry;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;

namespace EdgeOracle.Devnet;

/// <summary>
/// A whole EdgeOracle system on this machine: an anvil chain, the contracts deployed on it, and the gateway (embedded
/// MQTT broker, SQLite store, relayer) in this process, all on 127.0.0.1 ports the OS picks. The demo and the
/// end-to-end tests run on it; devices (emulated firmware) connect to <see cref="DevicePort"/>.
/// </summary>
public sealed class LocalEdgeSystem : IAsyncDisposable
{
    private LocalEdgeSystem(AnvilNode anvil, Deployment deployment, GatewayApp gateway, SignedPriceFeed priceFeed, string workDirectory)
    {
        Anvil = anvil;
        PriceFeed = priceFeed;
        Deployment = deployment;
        Gateway = gateway;
        WorkDirectory = workDirectory;
        Deployer = new EdgeContracts(deployment, DevAccounts.Deployer);
        Insurer = new EdgeContracts(deployment, DevAccounts.Insurer);
        Merchant = new EdgeContracts(deployment, DevAccounts.Merchant);
        Farmer = new EdgeContracts(deployment, DevAccounts.Farmer);
    }

    /// <summary>The chain.</summary>
    public AnvilNode Anvil { get; }

    /// <summary>The deployed contracts.</summary>
    public Deployment Deployment { get; }

    /// <summary>The running gateway.</summary>
    public GatewayApp Gateway { get; }

    /// <summary>The signed price feed the gateway's oracle keeper pushes to the PriceOracle (signed by the deployer, the feed signer).</summary>
    public SignedPriceFeed PriceFeed { get; }

    /// <summary>Where the deployment file and the gateway's database live.</summary>
    public string WorkDirectory { get; }

    /// <summary>Owner of the test stablecoin (mints it).</summary>
    public EdgeContracts Deployer { get; }

    /// <summary>Owns the sensors and writes policies.</summary>
    public EdgeContracts Insurer { get; }

    /// <summary>Owns the terminals and is paid for sales.</summary>
    public EdgeContracts Merchant { get; }

    /// <summary>The policy beneficiary.</summary>
    public EdgeContracts Farmer { get; }

    /// <summary>The MQTT host devices connect to.</summary>
    public string MqttHost => Gateway.MqttHost;

    /// <summary>The embedded broker's port (monitors, tools, any MQTT 5 client).</summary>
    public int MqttPort => Gateway.MqttPort;

    /// <summary>The device endpoint's port, where emulated devices connect.</summary>
    public int DevicePort => Gateway.DevicePort;

    /// <summary>
    /// Starts anvil, deploys the contracts, and starts the gateway with its relayer pointed at them.
    /// <paramref name="workDirectory"/> defaults to a new temporary folder.
    /// </summary>
    /// <param name="workDirectory">Folder for the deployment file and the database.</param>
    /// <param name="progress">Receives a line per step.</param>
    /// <param name="configureGateway">Adds to or replaces the gateway's services (e.g. a logging provider).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <param name="chainStart">The chain's clock at its genesis (default: now); a story set in the past starts it there.</param>
    /// <param name="pokePairs">Whether the oracle keeper pokes the FX and asset pairs (see <see cref="GatewaySettingsFor"/>).</param>
    public static async Task<LocalEdgeSystem> StartAsync(
        string? workDirectory = null,
        IProgress<string>? progress = null,
        Action<IServiceCollection>? configureGateway = null,
        CancellationToken cancellationToken = default,
        DateTimeOffset? chainStart = null,
        bool pokePairs = false)
    {
        workDirectory ??= Path.Combine(Path.GetTempPath(), "edgeoracle-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(workDirectory);

        progress?.Report("starting anvil");
        var anvil = await AnvilNode.StartAsync(cancellationToken: cancellationToken, genesis: chainStart).ConfigureAwait(false);
        try
        {
            progress?.Report("anvil listening at " + anvil.RpcUrl + " (chain id " + anvil.ChainId + ")");
            var deployment = await EdgeContracts.DeployAsync(anvil.RpcUrl, anvil.ChainId, DevAccounts.Deployer, progress, cancellationToken)
                .ConfigureAwait(false);
            deployment.Save(Path.Combine(workDirectory, "deployment.json"));

            progress?.Report("starting the gateway (embedded MQTT broker, SQLite store, relayer)");
            var priceFeed = await SignedPriceFeed.StartAsync(deployment, DevAccounts.Deployer, cancellationToken).ConfigureAwait(false);
            progress?.Report("signed price feed at " + priceFeed.Url);
            GatewayApp gateway;
            try
            {
                gateway = await GatewayApp.StartAsync(GatewaySettingsFor(deployment, workDirectory, priceFeed.Url, pokePairs), configureGateway, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch
            {
                await priceFeed.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            progress?.Report("gateway: devices on " + gateway.MqttHost + ":" + gateway.DevicePort + ", MQTT broker on port " + gateway.MqttPort
                + ", API on " + gateway.HttpAddress);
            return new LocalEdgeSystem(anvil, deployment, gateway, priceFeed, workDirectory);
        }
        catch
        {
            await anvil.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The gateway settings for a deployment: OS-picked ports, a database in the work folder, fast polling for a local chain.</summary>
    /// <param name="deployment">The contracts.</param>
    /// <param name="workDirectory">Folder for the database.</param>
    /// <param name="priceFeedUrl">The signed price feed the oracle keeper reads; empty: none.</param>
    /// <param name="pokePairs">
    /// Whether the oracle keeper keeps the FX and asset pairs' TWAPs fresh (pokes each last updated over 10 minutes ago),
    /// as a production gateway would: a cross-border sale needs the FX pair's TWAP. Off for the tests, which count the
    /// transactions in blocks and move the chain's clock by hours.
    /// </param>
    public static GatewaySettings GatewaySettingsFor(Deployment deployment, string workDirectory, string priceFeedUrl = "", bool pokePairs = false) => new()
    {
        Mqtt = new MqttOptions { Host = "127.0.0.1", Port = 0, DevicePort = 0 },
        Storage = new StorageOptions { Path = Path.Combine(workDirectory, "gateway.db") },
        Chain = new ChainOptions
        {
            RpcUrl = deployment.RpcUrl,
            ChainId = (long)deployment.ChainId,
            RelayerPrivateKey = DevAccounts.Relayer,
            DeviceRegistryAddress = deployment.DeviceRegistry,
            PaymentHubAddress = deployment.PaymentHub,
            RevenueDistributorAddress = deployment.RevenueDistributor,
            QuorumInsuranceAddress = deployment.QuorumInsurance,
            Tokens = [.. deployment.File.Tokens.Select(TokenOptions.From)],
            ReceiptPollInterval = TimeSpan.FromMilliseconds(50),
            OutboxPollInterval = TimeSpan.FromMilliseconds(100),
            RetryBaseDelay = TimeSpan.FromMilliseconds(200),
            // A local chain that comes back is worth retrying soon: a minute of backoff only delays the catch-up.
            RetryMaxDelay = TimeSpan.FromSeconds(5),
            RegistryCacheTtl = TimeSpan.Zero,
            // Windows here are seconds long: a region's silent sensor holds its round back a few seconds, not 30.
            RoundGrace = TimeSpan.FromSeconds(3),
        },
        Anchoring = new AnchoringOptions
        {
            ContractAddress = deployment.MerkleAnchor ?? string.Empty,
            MaxDelay = TimeSpan.FromMilliseconds(500),
            PollInterval = TimeSpan.FromMilliseconds(100),
        },
        RegistryFollower = new RegistryFollowerOptions
        {
            Enabled = true,
            StartBlock = (long)deployment.DeployBlock,
            PollInterval = TimeSpan.FromMilliseconds(200),
        },
        Keepers = new KeeperOptions
        {
            LiquidationEnabled = true,
            PolicyExpiryEnabled = true,
            WindowsEnabled = true,
            OracleEnabled = true,
            Interval = TimeSpan.FromSeconds(1),
            PriceFeedUrl = priceFeedUrl,
            PriceOracleAddress = deployment.PriceOracle,

            PairAddresses = pokePairs
                ? deployment.File.Require("FxPair") + "," + deployment.File.Require("AssetPair")
                : string.Empty,
            LendingMarketAddress = deployment.LendingMarket,
            QuorumInsuranceAddress = deployment.QuorumInsurance,
            StartBlock = (long)deployment.DeployBlock,
        },
    };

    /// <summary>Creates a fresh device key and registers its address as the insurer's sensor (role 1).</summary>
    public Task<DeviceKey> ProvisionSensorAsync() => ProvisionAsync(Insurer, 1);

    /// <summary>
    /// A new sensor (<see cref="ProvisionSensorAsync"/>) alone in a QuorumInsurance region of its own with a daily rainfall
    /// product, so that each of its readings is relayed as a round of one and decides its window
    /// (<see cref="EdgeContracts.CreateLoneStationAsync"/>); returns the key and the region.
    /// </summary>
    public async Task<(DeviceKey Sensor, uint RegionId)> ProvisionLoneStationAsync(uint windowLength = 86_400)
    {
        var sensor = await ProvisionSensorAsync().ConfigureAwait(false);
        return (sensor, await Deployer.CreateLoneStationAsync(sensor.Address, windowLength).ConfigureAwait(false));
    }

    /// <summary>Creates a fresh device key and registers its address as the merchant's terminal (role 2).</summary>
    public Task<DeviceKey> ProvisionTerminalAsync() => ProvisionAsync(Merchant, 2);

    /// <summary>
    /// Creates a fresh device key, registers its address as the asset operator's (the deployer's) meter (role 3) and
    /// enables it on RevenueDistributor, so that its energy readings earn the plant's revenue.
    /// </summary>
    public async Task<DeviceKey> ProvisionMeterAsync()
    {
        var key = await ProvisionAsync(Deployer, 3).ConfigureAwait(false);
        await Deployer.SendAsync("RevenueDistributor", Deployment.RevenueDistributor, "setMeter", key.Address, true).ConfigureAwait(false);
        return key;
    }

    /// <summary>Creates a customer wallet key and mints it <paramref name="amount"/> minor units of the stablecoin.</summary>
    public async Task<DeviceKey> FundCustomerAsync(BigInteger amount)
    {
        var key = DeviceKey.Create();
        await Deployer.MintAsync(key.Address, amount).ConfigureAwait(false);
        return key;
    }

    /// <summary>
    /// A new account for an actor (an investor, a lender, a trader): 100 ETH of gas money (<c>anvil_setBalance</c>) and
    /// <paramref name="usd"/> minor units of the stablecoin.
    /// </summary>
    public async Task<DeviceKey> FundActorAsync(BigInteger usd)
    {
        var key = DeviceKey.Create();
        await Anvil.RpcAsync("anvil_setBalance", key.Address, "0x56bc75e2d63100000").ConfigureAwait(false);
        await Deployer.MintAsync(key.Address, usd).ConfigureAwait(false);
        return key;
    }

    private static async Task<DeviceKey> ProvisionAsync(EdgeContracts owner, byte role)
    {
        var key = DeviceKey.Create();
        await owner.RegisterDeviceAsync(key.PrivateKey, role).ConfigureAwait(false);
        return key;
    }

    /// <summary>Stops the gateway, the price feed, then the chain.</summary>
    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync().ConfigureAwait(false);
        await PriceFeed.DisposeAsync().ConfigureAwait(false);
        await Anvil.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A secp256k1 key and its Ethereum address (lower-case hex), as provisioned for a device or a wallet.</summary>
/// <param name="PrivateKey">32 bytes.</param>
/// <param name="Address">0x-prefixed lower-case hex.</param>
public sealed record DeviceKey(byte[] PrivateKey, string Address)
{
    /// <summary>A new random key from the OS's cryptographic generator.</summary>
    public static DeviceKey Create()
    {
        // 32 fresh bytes; EthECKey.GenerateKey's byte form can be shorter when the key has leading zeros.
        var secret = RandomNumberGenerator.GetBytes(32);
        return new DeviceKey(secret, new EthECKey(secret, true).GetPublicAddress().ToLowerInvariant());
    }
}
