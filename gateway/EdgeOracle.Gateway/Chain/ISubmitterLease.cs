using System.Threading;
using System.Threading.Tasks;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// Whether this gateway is the one that submits to the chain. Several gateways may share devices and a store; only the
/// holder of the lease relays and anchors, so one account's nonces are handed out by one process.
/// </summary>
public interface ISubmitterLease
{
    /// <summary>True while this process holds the lease (tries to take it when free).</summary>
    ValueTask<bool> HoldsAsync(CancellationToken cancellationToken);
}

/// <summary>The lease of a gateway that runs alone: always held.</summary>
public sealed class SoleSubmitter : ISubmitterLease
{
    /// <inheritdoc />
    public ValueTask<bool> HoldsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
