using System;
using EdgeOracle.Gateway.Options;
using Microsoft.Extensions.Options;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EdgeOracle.Gateway.Chain;

/// <summary>The one Nethereum <see cref="IWeb3"/> of the gateway, signing with the relayer account.</summary>
public sealed class ChainConnection
{
    private readonly Lazy<IWeb3> _web3;

    /// <summary>Prepares the connection; nothing is contacted until first use.</summary>
    public ChainConnection(IOptions<ChainOptions> options)
    {
        var chain = options.Value;
        _web3 = new Lazy<IWeb3>(() => new Web3(new Account(chain.RelayerPrivateKey, chain.ChainId), chain.RpcUrl));
    }

    /// <summary>The Web3 client.</summary>
    public IWeb3 Web3 => _web3.Value;
}
