using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Monitoring;
using ProtocolAddress = EdgeOracle.Protocol.Address;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>The gateway's final relay outcomes (Relayed, Failed or NotRelayed) for one device, by sequence, from its event stream.</summary>
internal sealed class RelayWatch : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, TaskCompletionSource<RelayOutcome>> _outcomes = new();

    public static RelayWatch Start(IGatewayEvents events, string device)
    {
        var watch = new RelayWatch();
        var address = ProtocolAddress.Parse(device);
        _ = Task.Run(async () =>
        {
            await foreach (var gatewayEvent in events.SubscribeAsync(watch._stop.Token))
            {
                if (gatewayEvent is RelayAttempted { Outcome: var outcome } && outcome.Device == address)
                {
                    watch._seen.Enqueue($"{outcome.Sequence} {outcome.Status} {outcome.Error}");
                    if (outcome.Status is RelayStatus.Relayed or RelayStatus.Failed or RelayStatus.NotRelayed)
                    {
                        watch.Slot(outcome.Sequence).TrySetResult(outcome);
                    }
                }
            }
        }, watch._stop.Token);
        return watch;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _seen = new();

    /// <summary>The final outcome of the terminal's <paramref name="sequence"/>; on timeout, says what was seen.</summary>
    public async Task<RelayOutcome> ForAsync(ulong sequence)
    {
        try
        {
            return await Slot(sequence).Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No final relay outcome for sequence {sequence} in 60 s; seen: [{string.Join("; ", _seen)}]");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private TaskCompletionSource<RelayOutcome> Slot(ulong sequence) =>
        _outcomes.GetOrAdd(sequence, _ => new TaskCompletionSource<RelayOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
}
