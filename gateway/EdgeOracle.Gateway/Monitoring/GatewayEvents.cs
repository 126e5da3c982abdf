using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using System.Threading;
using System.Threading.Channels;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Pipeline;

namespace EdgeOracle.Gateway.Monitoring;

/// <summary>Something the gateway did, for a console or a test to follow.</summary>
public abstract record GatewayEvent(DateTimeOffset At);

/// <summary>A message was answered.</summary>
public sealed record MessageAnswered(DateTimeOffset At, PipelineOutcome Outcome) : GatewayEvent(At);

/// <summary>A relay attempt ended.</summary>
public sealed record RelayAttempted(DateTimeOffset At, RelayOutcome Outcome) : GatewayEvent(At);

/// <summary>A live stream of <see cref="GatewayEvent"/>s.</summary>
public interface IGatewayEvents
{
    /// <summary>
    /// Events from the moment of subscribing until <paramref name="cancellationToken"/> is cancelled. A reader that falls
    /// more than 1024 events behind loses the oldest ones; the gateway never waits for a reader.
    /// </summary>
    IAsyncEnumerable<GatewayEvent> SubscribeAsync(CancellationToken cancellationToken);
}

/// <summary>Fans events out to every current subscriber.</summary>
public sealed class GatewayEventHub : IGatewayEvents
{
    private const int SubscriberCapacity = 1024;
    private readonly Lock _gate = new();
    private Channel<GatewayEvent>[] _subscribers = [];

    /// <summary>Hands an event to every subscriber without waiting.</summary>
    public void Publish(GatewayEvent gatewayEvent)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(gatewayEvent);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<GatewayEvent> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<GatewayEvent>(
            new BoundedChannelOptions(SubscriberCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        Change(subscribers => [.. subscribers, channel]);
        try
        {
            await foreach (var gatewayEvent in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return gatewayEvent;
            }
        }
        finally
        {
            Change(subscribers => Array.FindAll(subscribers, s => s != channel));
        }
    }

    private void Change(Func<Channel<GatewayEvent>[], Channel<GatewayEvent>[]> change)
    {
        lock (_gate)
        {
            Volatile.Write(ref _subscribers, change(_subscribers));
        }
    }
}
