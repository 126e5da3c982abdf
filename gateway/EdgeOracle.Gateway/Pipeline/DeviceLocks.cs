using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Pipeline;

/// <summary>
/// Striped per-device locks: the read-check-append of one device's chain runs one at a time, while different
/// devices (almost always in different stripes) proceed in parallel.
/// </summary>
internal sealed class DeviceLocks : IDisposable
{
    private const int Stripes = 4096;
    private readonly SemaphoreSlim[] _locks = new SemaphoreSlim[Stripes];

    public DeviceLocks()
    {
        for (var i = 0; i < Stripes; i++)
        {
            _locks[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Takes the lock of the device's stripe; dispose the result to release it.</summary>
    public async ValueTask<Releaser> EnterAsync(Address device, CancellationToken cancellationToken)
    {
        var stripe = _locks[(device.GetHashCode() & int.MaxValue) % Stripes];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in _locks)
        {
            stripe.Dispose();
        }
    }

    public readonly struct Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
