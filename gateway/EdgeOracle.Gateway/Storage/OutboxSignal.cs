using System.Threading;
using System.Threading.Tasks;

namespace EdgeOracle.Gateway.Storage;

/// <summary>Wakes the relayer when a message was queued, so relaying does not wait for the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Says that the outbox has new rows. Several calls before a wait count as one.</summary>
    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread released it in between: the relayer is woken either way.
            }
        }
    }

    /// <summary>Waits for <see cref="Notify"/> or the timeout; true when notified.</summary>
    public Task<bool> WaitAsync(System.TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);
}
