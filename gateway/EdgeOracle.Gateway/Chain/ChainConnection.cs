using System;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Options;
using Microsoft.Extensions.Options;
using Nethereum.RPC.NonceServices;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// The one Nethereum <see cref="IWeb3"/> of the gateway, signing with the relayer account. Nonces are handed out
/// locally (<see cref="InMemoryNonceService"/>: the larger of the node's pending count and the last one handed out
/// plus one, under a lock), so the relayer and the anchorer can have several transactions in flight without taking
/// the same nonce; after a failed send the local counter is reset to the node's.
/// </summary>
public sealed class ChainConnection
{
    private readonly Lazy<(IWeb3 Web3, Account Account)> _web3;

    /// <summary>Prepares the connection; nothing is contacted until first use.</summary>
    public ChainConnection(IOptions<ChainOptions> options)
    {
        var chain = options.Value;
        _web3 = new Lazy<(IWeb3, Account)>(() =>
        {
            var account = new Account(chain.RelayerPrivateKey, chain.ChainId);
            var web3 = new Web3(account, chain.RpcUrl);
            account.NonceService = new InMemoryNonceService(account.Address, web3.Client);
            return (web3, account);
        });
    }

    /// <summary>The Web3 client.</summary>
    public IWeb3 Web3 => _web3.Value.Web3;

    /// <summary>Forgets the locally tracked nonce so the next transaction asks the node (after a send failed).</summary>
    public Task ResetNonceAsync() => _web3.Value.Account.NonceService?.ResetNonceAsync() ?? Task.CompletedTask;
}
