using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Mqtt;
using EdgeOracle.Gateway.Storage;

namespace EdgeOracle.Gateway.Operations;

/// <summary>Answer of <c>GET /ready</c>.</summary>
/// <param name="Ready">True when devices can be served: the broker listens and the store answers.</param>
/// <param name="Mqtt">"listening on host:port" or why not.</param>
/// <param name="Store">"ok (N messages)" or the error.</param>
/// <param name="Chain">"block N" or the error. The chain does not gate readiness: messages are stored and relayed later.</param>
public sealed record ReadinessResponse(bool Ready, string Mqtt, string Store, string Chain);

/// <summary>Checks what serving devices needs, and reports the chain beside it.</summary>
public sealed class ReadinessCheck(IMqttEndpoint mqtt, IMessageStore store, IChainClient chain)
{
    /// <summary>Runs the checks, each bounded by <paramref name="timeout"/>.</summary>
    public async Task<ReadinessResponse> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var mqttReady = mqtt.Port > 0;
        var mqttText = mqttReady ? $"listening on {mqtt.Host}:{mqtt.Port}" : "not listening";
        var (storeReady, storeText) = await ProbeAsync(async ct => $"ok ({await store.CountMessagesAsync(ct).ConfigureAwait(false)} messages)", timeout, cancellationToken)
            .ConfigureAwait(false);
        var (_, chainText) = await ProbeAsync(async ct => $"block {await chain.GetBlockNumberAsync(ct).ConfigureAwait(false)}", timeout, cancellationToken)
            .ConfigureAwait(false);
        return new ReadinessResponse(mqttReady && storeReady, mqttText, storeText, chainText);
    }

    private static async Task<(bool Ok, string Text)> ProbeAsync(Func<CancellationToken, Task<string>> probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return (true, await probe(cts.Token).WaitAsync(cts.Token).ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (false, $"{exception.GetType().Name}: {exception.Message}");
        }
    }
}
