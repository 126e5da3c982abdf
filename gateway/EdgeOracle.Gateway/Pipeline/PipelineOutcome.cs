using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;

namespace EdgeOracle.Gateway.Pipeline;

/// <summary>What the pipeline decided about one message, and everything needed to answer and report it.</summary>
/// <param name="Reason">The §7 reason code.</param>
/// <param name="Kind">The message's kind, Unknown if it could not be read.</param>
/// <param name="Sequence">The message's sequence, 0 if it could not be read.</param>
/// <param name="Digest">The message's digest under this deployment's domain, zero if it could not be computed.</param>
/// <param name="Device">The envelope's device, if it could be read.</param>
/// <param name="AckDevice">The device whose ack topic gets the answer: the topic's device, if the topic names one.</param>
/// <param name="Topic">The topic the message came on.</param>
/// <param name="Detail">A short human explanation for logs and the console.</param>
public sealed record PipelineOutcome(
    ReasonCode Reason,
    MessageKind Kind,
    ulong Sequence,
    Bytes32 Digest,
    Address? Device,
    Address? AckDevice,
    string Topic,
    string Detail)
{
    /// <summary>The 43-byte protocol acknowledgement for this outcome.</summary>
    public Acknowledgement ToAcknowledgement() => new(Kind, Sequence, Reason, Digest);
}
