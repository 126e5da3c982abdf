using System.Collections.Generic;
using System.Linq;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Eip712;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Verification;

/// <summary>The deployment the gateway serves: its device domain, the payment tokens' domains and the hub.</summary>
public sealed class Deployment
{
    private readonly Dictionary<Address, PaymentToken> _tokens;

    /// <summary>Builds the deployment from explicit values.</summary>
    public Deployment(ulong chainId, Address deviceRegistry, Address paymentHub, IEnumerable<PaymentToken> tokens)
    {
        DeviceDomain = Eip712Domain.ForDevices(chainId, deviceRegistry);
        PaymentHub = paymentHub;
        _tokens = tokens.ToDictionary(t => t.Address);
    }

    /// <summary>Builds the deployment of one token (tests and tools).</summary>
    public Deployment(ulong chainId, Address deviceRegistry, Address paymentHub, Address token, string tokenName, string tokenVersion)
        : this(chainId, deviceRegistry, paymentHub, [PaymentToken.Of(chainId, token, tokenName, tokenVersion)])
    {
    }

    /// <summary>Builds the deployment from the validated chain options.</summary>
    public Deployment(IOptions<ChainOptions> options)
        : this(
            (ulong)options.Value.ChainId,
            Address.Parse(options.Value.DeviceRegistryAddress),
            Address.Parse(options.Value.PaymentHubAddress),
            options.Value.Tokens.Select(t => PaymentToken.Of((ulong)options.Value.ChainId, Address.Parse(t.Address), t.Name, t.Version, t.Symbol)))
    {
    }

    /// <summary>The EdgeOracle domain devices sign under (verifying contract = the registry).</summary>
    public Eip712Domain DeviceDomain { get; }

    /// <summary>The PaymentHub: the <c>to</c> of every customer authorization.</summary>
    public Address PaymentHub { get; }

    /// <summary>The tokens this gateway accepts.</summary>
    public IReadOnlyCollection<PaymentToken> Tokens => _tokens.Values;

    /// <summary>The accepted token at <paramref name="address"/>, if any.</summary>
    public bool TryGetToken(Address address, out PaymentToken token) => _tokens.TryGetValue(address, out token!);
}

/// <summary>A payment token the gateway accepts and the EIP-712 domain its customers sign authorizations under.</summary>
/// <param name="Address">The token contract.</param>
/// <param name="Symbol">Its symbol, for messages (may be empty).</param>
/// <param name="Domain">Its EIP-712 domain.</param>
public sealed record PaymentToken(Address Address, string Symbol, Eip712Domain Domain)
{
    /// <summary>The token at <paramref name="address"/> on <paramref name="chainId"/> with domain name and version.</summary>
    public static PaymentToken Of(ulong chainId, Address address, string name, string version, string symbol = "") =>
        new(address, symbol, new Eip712Domain(name, version, chainId, address));

    /// <summary>The symbol and address, e.g. <c>tEUR 0x…</c>, or the address alone.</summary>
    public override string ToString() => string.IsNullOrEmpty(Symbol) ? Address.ToString() : $"{Symbol} {Address}";
}
