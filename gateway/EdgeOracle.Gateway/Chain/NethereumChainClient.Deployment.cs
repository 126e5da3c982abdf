using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EdgeOracle.Gateway.Chain;

// Whether the configured deployment is the one on the node: the node's chain id and code at every contract address.
public sealed partial class NethereumChainClient
{
    /// <inheritdoc />
    public async Task<string?> CheckDeploymentAsync(long chainId, IReadOnlyList<(string Name, string Address)> contracts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        try
        {
            var nodeChain = (long)(await connection.Web3.Eth.ChainId.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value;
            if (nodeChain != chainId)
            {
                return $"the node is chain {nodeChain}, but Chain:ChainId (and the deployment) is chain {chainId}";
            }

            foreach (var (name, address) in contracts)
            {
                var code = await connection.Web3.Eth.GetCode.SendRequestAsync(address).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (string.IsNullOrEmpty(code) || code == "0x")
                {
                    return $"chain {chainId} has no contract code at {name} {address}: the deployment is stale (a chain that was reset or restored from " +
                           "an older state?); deploy again (contracts/script/Deploy.s.sol) or point Chain:DeploymentFile at the current deployment";
                }
            }

            return null;
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"The deployment could not be checked against the node: {exception.Message}", exception);
        }
    }
}
