using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Options;
using Microsoft.Extensions.Options;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// The one Nethereum <see cref="IWeb3"/> of the gateway, signing with the relayer account, and the account's one
/// <see cref="NonceManager"/>. The manager is also the account's Nethereum nonce service, so the relayer (which takes
/// nonces explicitly) and the anchorer (which sends through Nethereum) never take the same nonce.
/// </summary>
public sealed class ChainConnection
{
    private readonly Lazy<(IWeb3 Web3, Account Account)> _web3;
    private byte[]? _secret;

    /// <summary>Prepares the connection; nothing is contacted until first use.</summary>
    public ChainConnection(IOptions<ChainOptions> options)
    {
        var chain = options.Value;
        ChainId = chain.ChainId;
        Nonces = new NonceManager(ct => GetNonceAsync(pending: true, ct));
        _web3 = new Lazy<(IWeb3, Account)>(() =>
        {
            var account = new Account(chain.RelayerPrivateKey, chain.ChainId);
            // Connections are renewed every minute, so a node behind changing DNS is found again.
            var http = new HttpClient(new ThreadPoolHandoffHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }));
            var web3 = new Web3(account, new RpcClient(new Uri(chain.RpcUrl), http, null, null, null));
            account.NonceService = Nonces;
            return (web3, account);
        });
    }

    /// <summary>The Web3 client.</summary>
    public IWeb3 Web3 => _web3.Value.Web3;

    /// <summary>The relayer account (address and key).</summary>
    public Account Account => _web3.Value.Account;

    /// <summary>The relayer account's 32-byte private key, for signing transactions natively.</summary>
    internal byte[] Secret => _secret ??= Convert.FromHexString(Account.PrivateKey.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? Account.PrivateKey[2..] : Account.PrivateKey);

    /// <summary>The chain id transactions are signed for.</summary>
    public long ChainId { get; }

    /// <summary>The relayer account's nonces.</summary>
    public NonceManager Nonces { get; }

    /// <summary>
    /// The relayer account's transaction count, with the node's pool (<paramref name="pending"/>) or mined only.
    /// Throws <see cref="ChainUnavailableException"/> when the node cannot answer.
    /// </summary>
    public async Task<long> GetNonceAsync(bool pending, CancellationToken cancellationToken)
    {
        try
        {
            var count = await Web3.Eth.Transactions.GetTransactionCount
                .SendRequestAsync(Account.Address, pending ? BlockParameter.CreatePending() : BlockParameter.CreateLatest())
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            return (long)count.Value;
        }
        catch (Exception exception) when (NethereumChainClient.IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"Nonce of {Account.Address} could not be read: {exception.Message}", exception);
        }
    }
}
