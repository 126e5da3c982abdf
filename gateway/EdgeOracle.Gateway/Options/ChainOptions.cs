using System;
using System.ComponentModel.DataAnnotations;

namespace EdgeOracle.Gateway.Options;

/// <summary>The chain the gateway reads the registry from and relays to. Section <c>Chain</c>.</summary>
public sealed class ChainOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Chain";

    private const string AddressPattern = "^0x[0-9a-fA-F]{40}$";

    /// <summary>JSON-RPC endpoint. Default <c>http://127.0.0.1:8545</c> (a local anvil).</summary>
    [Required]
    [Url]
    public string RpcUrl { get; set; } = "http://127.0.0.1:8545";

    /// <summary>Chain id; part of the EIP-712 domains. Default <c>31337</c> (anvil).</summary>
    [Range(1, long.MaxValue)]
    public long ChainId { get; set; } = 31337;

    /// <summary>Private key (64 hex digits, <c>0x</c> optional) of the account that pays for relayed transactions. No default.</summary>
    [Required]
    [RegularExpression("^(0x)?[0-9a-fA-F]{64}$")]
    public string RelayerPrivateKey { get; set; } = string.Empty;

    /// <summary><c>DeviceRegistry</c> address; also the verifying contract of the device domain. No default.</summary>
    [Required]
    [RegularExpression(AddressPattern)]
    public string DeviceRegistryAddress { get; set; } = string.Empty;

    /// <summary>
    /// <c>PaymentHub</c> address, which settles payments (in batches, <c>settleBatch</c>); the <c>to</c> of customer
    /// authorizations. No default.
    /// </summary>
    [Required]
    [RegularExpression(AddressPattern)]
    public string PaymentHubAddress { get; set; } = string.Empty;

    /// <summary>
    /// <c>RevenueDistributor</c> address: energy readings (metric 6) of its meters go there in batches
    /// (<c>submitProduction</c>). Empty: none (the deployment file fills it when it has one).
    /// </summary>
    [RegularExpression("^$|" + AddressPattern)]
    public string RevenueDistributorAddress { get; set; } = string.Empty;

    /// <summary>
    /// <c>QuorumInsurance</c> address: observations of a sensor in one of its regions go there, one
    /// <c>submitRound</c> per region, metric and window. Empty: none (the deployment file fills it when it has one).
    /// Observations of sensors in no region (or all of them, without QuorumInsurance) are stored and anchored, not
    /// relayed: no contract takes them.
    /// </summary>
    [RegularExpression("^$|" + AddressPattern)]
    public string QuorumInsuranceAddress { get; set; } = string.Empty;

    /// <summary>
    /// Longest the first reading of a region's window waits for the region's other sensors: a round is sent as soon as
    /// every sensor of the region is in (the contract then decides the window in that call), or this long after its
    /// first reading with what arrived (the contract keeps those and decides when the rest come or at the window's
    /// deadline). Keep it well under the products' staleness, which bounds how late a reading may land. Default
    /// <c>00:00:30</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RoundGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most messages in one batched call (<c>settleBatch</c>, <c>submitProduction</c>). Default <c>64</c>.</summary>
    [Range(1, 512)]
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// Longest a message waits for others to share its batch: a batch is sent once it is full or its oldest message
    /// has waited this long. Zero sends at once what is there. Default <c>00:00:00.200</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BatchMaxWait { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The payment tokens (EIP-3009) the gateway accepts, each with its EIP-712 domain: an intent priced in, or a
    /// customer paying with, another token is refused. Empty here (the default) takes the deployment file's
    /// <c>tokens</c>; configured as <c>Chain:Tokens:0:Address</c>, <c>…:Name</c>, <c>…:Version</c>.
    /// </summary>
    public System.Collections.Generic.List<TokenOptions> Tokens { get; set; } = [];

    /// <summary>
    /// The deployment file (<c>deployments/&lt;chainId&gt;.json</c> in the one shape of the protocol library's
    /// <c>Deployment</c> record, written by the forge deploy script or <c>edge-cli deploy</c>) that fills the addresses
    /// left empty here. Empty (the default): none.
    /// </summary>
    public string DeploymentFile { get; set; } = string.Empty;

    /// <summary>Whether the relayer sends stored messages to the chain. Default <c>true</c>; <c>false</c> stores only.</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>
    /// Blocks a receipt needs (its own included) before a relay counts as done and the outbox row becomes Relayed; a
    /// transaction whose block is reorganised away before that is followed again (and sent again if it is gone).
    /// Default <c>1</c>.
    /// </summary>
    [Range(1, 64)]
    public int Confirmations { get; set; } = 1;

    /// <summary>How often the relayer looks at its transactions in flight (receipts, the head, the pool). Default <c>00:00:00.250</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ReceiptPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Most transactions the relayer has sent and not yet seen mined, across all devices. Default <c>16</c>.</summary>
    [Range(1, 1024)]
    public int MaxInFlight { get; set; } = 16;

    /// <summary>
    /// Most rows of one device in flight at once (sent, not yet final), in consecutive transactions so that they land
    /// in sequence order. A device's readings for RevenueDistributor, which refuses a sequence lower than the last one it
    /// took, go one at a time whatever this says. Default <c>16</c>.
    /// </summary>
    [Range(1, 256)]
    public int MaxInFlightPerDevice { get; set; } = 16;

    /// <summary>
    /// Most gas, in blocks' worth of the latest block's gas limit, that the relayer's sent and not yet mined
    /// transactions may reserve (the sum of their gas limits); a new transaction waits while it would go over (one
    /// alone always goes). More than a block waits at the node anyway, and anvil drops what does not fit the next
    /// block, so the relayer sent again and again what it could have held. Default <c>1</c>.
    /// </summary>
    [Range(0.1, 64)]
    public double MaxPendingGasBlocks { get; set; } = 1;

    /// <summary>
    /// A transaction not mined this long after it was sent is replaced with the same nonce and fees raised by at least
    /// 12.5 % (up to <see cref="MaxFeePerGasGwei"/>). Default <c>00:00:30</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan BumpAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most any relayed transaction may pay per gas (EIP-1559 <c>maxFeePerGas</c>), in gwei; fees from the node and
    /// bumps stop here. Default <c>200</c>.
    /// </summary>
    [Range(typeof(decimal), "0.000000001", "1000000", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public decimal MaxFeePerGasGwei { get; set; } = 200m;

    /// <summary>How often the relayer looks at the outbox when no new message woke it. Default <c>00:00:01</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First delay after an RPC error; it doubles with every further attempt. Default <c>00:00:01</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between attempts after RPC errors. Default <c>00:01:00</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a registry answer is trusted before it is read again. Default <c>00:00:05</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RegistryCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public System.Collections.Generic.IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Tokens.Count == 0)
        {
            yield return new ValidationResult(
                "Chain:Tokens is empty: configure Chain:Tokens:0:Address/Name/Version or a Chain:DeploymentFile that lists its tokens.",
                [nameof(Tokens)]);
        }

        for (var i = 0; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            if (token is null || !System.Text.RegularExpressions.Regex.IsMatch(token.Address ?? string.Empty, AddressPattern))
            {
                yield return new ValidationResult($"Chain:Tokens:{i}:Address '{token?.Address}' is not a 0x address of 40 hex digits.", [nameof(Tokens)]);
            }
            else if (string.IsNullOrWhiteSpace(token.Name) || string.IsNullOrWhiteSpace(token.Version))
            {
                yield return new ValidationResult($"Chain:Tokens:{i} ({token.Address}) needs the token's EIP-712 domain Name and Version.", [nameof(Tokens)]);
            }
            else if (Tokens.FindIndex(t => string.Equals(t?.Address, token.Address, StringComparison.OrdinalIgnoreCase)) != i)
            {
                yield return new ValidationResult($"Chain:Tokens lists {token.Address} twice.", [nameof(Tokens)]);
            }
        }
    }
}

/// <summary>One payment token of <see cref="ChainOptions.Tokens"/>.</summary>
public sealed class TokenOptions
{
    /// <summary>The token contract.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>Its EIP-712 domain name (EIP-5267 <c>eip712Domain()</c>), e.g. <c>Test USD</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Its EIP-712 domain version, e.g. <c>1</c>.</summary>
    public string Version { get; set; } = string.Empty;

    /// <summary>Its symbol, for logs and the API; optional.</summary>
    public string Symbol { get; set; } = string.Empty;

    /// <summary>The options of a deployment file's token.</summary>
    public static TokenOptions From(Protocol.Deployments.DeploymentToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new TokenOptions { Address = token.Address.ToString(), Name = token.Name, Version = token.Version, Symbol = token.Symbol };
    }
}
