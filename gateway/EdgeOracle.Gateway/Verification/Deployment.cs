using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Eip712;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Verification;

/// <summary>The deployment the gateway serves: its device domain, the settlement token's domain and the contracts.</summary>
public sealed class Deployment
{
    /// <summary>Builds the deployment from explicit values.</summary>
    public Deployment(ulong chainId, Address deviceRegistry, Address paymentHub, Address token, string tokenName, string tokenVersion)
    {
        DeviceDomain = Eip712Domain.ForDevices(chainId, deviceRegistry);
        TokenDomain = new Eip712Domain(tokenName, tokenVersion, chainId, token);
        PaymentHub = paymentHub;
        Token = token;
    }

    /// <summary>Builds the deployment from the validated chain options.</summary>
    public Deployment(IOptions<ChainOptions> options)
        : this(
            (ulong)options.Value.ChainId,
            Address.Parse(options.Value.DeviceRegistryAddress),
            Address.Parse(options.Value.PaymentHubAddress),
            Address.Parse(options.Value.TokenAddress),
            options.Value.TokenName,
            options.Value.TokenVersion)
    {
    }

    /// <summary>The EdgeOracle domain devices sign under (verifying contract = the registry).</summary>
    public Eip712Domain DeviceDomain { get; }

    /// <summary>The settlement token's own domain, under which customers sign their authorizations.</summary>
    public Eip712Domain TokenDomain { get; }

    /// <summary>The PaymentHub: the <c>to</c> of every customer authorization.</summary>
    public Address PaymentHub { get; }

    /// <summary>The only settlement token this gateway accepts.</summary>
    public Address Token { get; }
}
