using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Ingress;
using EdgeOracle.Gateway.Monitoring;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Pipeline;

/// <summary>
/// decode → verify → role/registry check → sequence &amp; hash-chain check → durable store → answer.
/// Knows nothing of MQTT: an ingress hands it a topic and a payload and gets back the outcome to acknowledge, which
/// is final only after the message was stored. It never throws for bad input; a fault of its own becomes Unavailable.
/// </summary>
public sealed partial class MessagePipeline : IDisposable
{
    // Retries of the store's compare-and-set; it only loses a race to another writer of the same device.
    private const int MaxAppendAttempts = 3;

    private readonly Deployment _deployment;
    private readonly AuthorizationVerifier _authorizations;
    private readonly IDeviceRegistry _registry;
    private readonly IMessageStore _store;
    private readonly OutboxSignal _outbox;
    private readonly GatewayMetrics _metrics;
    private readonly GatewayEventHub _events;
    private readonly TimeProvider _timeProvider;
    private readonly int _maxPayloadBytes;
    private readonly bool _requireClientIdMatchesDevice;
    private readonly ILogger<MessagePipeline> _logger;
    private readonly DeviceLocks _locks = new();

    /// <summary>Creates the pipeline over its collaborators.</summary>
    public MessagePipeline(
        Deployment deployment,
        IDeviceRegistry registry,
        IMessageStore store,
        OutboxSignal outbox,
        GatewayMetrics metrics,
        GatewayEventHub events,
        TimeProvider timeProvider,
        IOptions<MqttOptions> mqttOptions,
        ILogger<MessagePipeline> logger)
    {
        _deployment = deployment;
        _authorizations = new AuthorizationVerifier(deployment);
        _registry = registry;
        _store = store;
        _outbox = outbox;
        _metrics = metrics;
        _events = events;
        _timeProvider = timeProvider;
        _maxPayloadBytes = mqttOptions.Value.MaxPayloadBytes;
        _requireClientIdMatchesDevice = mqttOptions.Value.RequireClientIdMatchesDevice || mqttOptions.Value.RequireDeviceAuthentication;
        _logger = logger;
    }

    /// <summary>Processes one message to its final outcome; counts, logs and publishes the outcome as an event.</summary>
    public async Task<PipelineOutcome> ProcessAsync(IngressMessage message, CancellationToken cancellationToken)
    {
        PipelineOutcome outcome;
        try
        {
            outcome = await RunAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (RegistryUnavailableException exception)
        {
            Log.RegistryUnavailable(_logger, message.Topic, exception);
            outcome = Unavailable(message, "device registry unavailable");
        }
        catch (Exception exception)
        {
            Log.PipelineFault(_logger, message.Topic, message.ClientId, exception);
            outcome = Unavailable(message, "gateway fault: " + exception.GetType().Name);
        }

        Report(message, outcome);
        return outcome;
    }

    // Pooled: the state machine of a message that waits for its commit is reused rather than allocated each time.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<PipelineOutcome> RunAsync(IngressMessage ingress, CancellationToken cancellationToken)
    {
        var rejection = Decode(ingress, out var message);
        if (rejection is not null)
        {
            return rejection;
        }

        var decoded = message!;
        if (!SignatureRecovery.IsSignedBy(decoded.Digest, decoded.Signature, decoded.Device))
        {
            return Answer(ingress, decoded, ReasonCode.BadSignature, "signature does not recover to the device, or s is high");
        }

        var info = await _registry.GetAsync(decoded.Device, cancellationToken).ConfigureAwait(false);
        var roleRejection = CheckRole(ingress, decoded, info);
        if (roleRejection is not null)
        {
            return roleRejection;
        }

        var now = (ulong)Math.Max(0, _timeProvider.GetUtcNow().ToUnixTimeSeconds());
        (ReasonCode Reason, string Detail) paymentVerdict = decoded.Payment is { } payment
            ? CheckPayment(payment, decoded.Digest, now)
            : (ReasonCode.Accepted, string.Empty);

        using (await _locks.EnterAsync(decoded.Device, cancellationToken).ConfigureAwait(false))
        {
            for (var attempt = 1; ; attempt++)
            {
                var head = await _store.GetHeadAsync(decoded.Device, cancellationToken).ConfigureAwait(false);
                switch (HashChainRule.Classify(head, decoded.Sequence, decoded.PrevHash))
                {
                    case HashChainPosition.NotAbove:
                        // A device re-sending its last message (a lost ack, a reconnect) is the common case: the head
                        // already holds that digest, so the store is asked only about older sequences.
                        var stored = head is { } last && last.Sequence == decoded.Sequence
                            ? last.Digest
                            : await _store.FindDigestAsync(decoded.Device, decoded.Sequence, cancellationToken).ConfigureAwait(false);
                        var reason = HashChainRule.ForNotAbove(stored, decoded.Digest);
                        if (reason == ReasonCode.Duplicate && decoded.Payment is not null
                            && await _store.IsVoidAsync(decoded.Device, decoded.Sequence, cancellationToken).ConfigureAwait(false))
                        {
                            // The terminal voided this intent: paying it now would let the till show a sale that never settles.
                            return Answer(ingress, decoded, ReasonCode.SequenceReplayed, "this intent was voided by the terminal");
                        }

                        return reason == ReasonCode.Duplicate
                            ? Answer(ingress, decoded, reason, "already stored")
                            : Answer(ingress, decoded, reason, $"sequence {decoded.Sequence} is not above {head!.Value.Sequence}");
                    case HashChainPosition.Broken:
                        return Answer(ingress, decoded, ReasonCode.HashChainBroken, head is { } h
                            ? $"prevHash is not the digest of sequence {h.Sequence}"
                            : "first message of the device must have a zero prevHash");
                }

                // Checked after the chain so that a resent, already stored intent is answered Duplicate, not Expired.
                if (paymentVerdict.Reason != ReasonCode.Accepted)
                {
                    return Answer(ingress, decoded, paymentVerdict.Reason, paymentVerdict.Detail);
                }

                var newMessage = new NewMessage(
                    decoded.Device, decoded.Sequence, decoded.Kind, decoded.Digest, decoded.PrevHash, ingress.Payload, _timeProvider.GetUtcNow())
                {
                    Relayable = !decoded.IsVoid,
                };
                if (await _store.AppendAsync(newMessage, head, cancellationToken).ConfigureAwait(false) == AppendResult.Appended)
                {
                    if (decoded.IsVoid)
                    {
                        return Answer(ingress, decoded, ReasonCode.Accepted, "void stored; never relayed");
                    }

                    _outbox.Notify();
                    return Answer(ingress, decoded, ReasonCode.Accepted, "stored");
                }

                if (attempt == MaxAppendAttempts)
                {
                    return Answer(ingress, decoded, ReasonCode.Unavailable, "the device's chain kept moving during the write");
                }
            }
        }
    }

    private PipelineOutcome? CheckRole(IngressMessage ingress, DecodedMessage message, DeviceInfo info)
    {
        if (!info.IsRegistered)
        {
            return Answer(ingress, message, ReasonCode.UnknownDevice, "not registered, or revoked");
        }

        var allowed = message.Kind == MessageKind.Observation
            ? info.Role is DeviceRole.Sensor or DeviceRole.Meter
            : info.Role == DeviceRole.Terminal;
        if (!allowed)
        {
            return Answer(ingress, message, ReasonCode.WrongRole, $"a {info.Role} may not send {message.Kind}");
        }

        if (info.Role == DeviceRole.Meter && message.Observation is { } reading && reading.Body.Metric != Chain.RelayRoute.EnergyMetric)
        {
            return Answer(ingress, message, ReasonCode.WrongRole, $"a meter sends only energy produced (metric {Chain.RelayRoute.EnergyMetric}), not metric {reading.Body.Metric}");
        }

        if (message.Intent is { } intent && intent.Body.Merchant != info.Owner)
        {
            return Answer(ingress, message, ReasonCode.WrongRole, "the merchant is not the terminal's owner");
        }

        return null;
    }

    private (ReasonCode Reason, string Detail) CheckPayment(PaymentSubmission payment, Bytes32 intentDigest, ulong now)
    {
        if (AuthorizationVerifier.IsExpired(payment.Intent.Body, now))
        {
            return (ReasonCode.Expired, $"intent expired at {payment.Intent.Body.Expiry}, now {now}");
        }

        return _authorizations.Verify(payment, intentDigest, now);
    }

    private void Report(IngressMessage message, PipelineOutcome outcome)
    {
        _metrics.RecordMessage(outcome.Reason);
        _events.Publish(new MessageAnswered(_timeProvider.GetUtcNow(), outcome));
        switch (outcome.Reason)
        {
            case ReasonCode.Accepted:
                // Guarded: the hex strings would otherwise be built for every accepted message, logged or not.
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    Log.Accepted(_logger, outcome.Kind, outcome.Device?.ToString(), outcome.Sequence, outcome.Digest.ToString());
                }

                break;
            case ReasonCode.Duplicate:
                Log.Duplicate(_logger, outcome.Kind, outcome.Device?.ToString(), outcome.Sequence);
                break;
            case ReasonCode.Unavailable:
                break;
            default:
                Log.Rejected(_logger, outcome.Reason, (byte)outcome.Reason, message.Topic, message.ClientId,
                    outcome.Device?.ToString(), outcome.Sequence, outcome.Detail);
                break;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _locks.Dispose();
}
