using EdgeOracle.Protocol;
using MQTTnet.Protocol;

namespace EdgeOracle.Gateway.Mqtt;

/// <summary>
/// The MQTT 5 PUBACK reason code that goes with each protocol reason, so that a plain MQTT client (and MQTT tooling)
/// sees the refusal too. The exact protocol reason travels in the PUBACK's reason string and in the 43-byte ack.
/// </summary>
public static class MqttReasonMapping
{
    /// <summary>The PUBACK reason code for a protocol reason.</summary>
    public static MqttPubAckReasonCode ToPubAck(ReasonCode reason) => reason switch
    {
        ReasonCode.Accepted or ReasonCode.Duplicate => MqttPubAckReasonCode.Success,
        ReasonCode.Malformed or ReasonCode.Truncated or ReasonCode.Oversized => MqttPubAckReasonCode.PayloadFormatInvalid,
        ReasonCode.TopicMismatch => MqttPubAckReasonCode.TopicNameInvalid,
        ReasonCode.WrongDomain or ReasonCode.BadSignature or ReasonCode.UnknownDevice or ReasonCode.WrongRole
            or ReasonCode.BadAuthorization or ReasonCode.NotAuthorized => MqttPubAckReasonCode.NotAuthorized,
        ReasonCode.RateLimited => MqttPubAckReasonCode.QuotaExceeded,
        ReasonCode.Unavailable => MqttPubAckReasonCode.UnspecifiedError,
        _ => MqttPubAckReasonCode.ImplementationSpecificError,
    };

    /// <summary>The PUBACK reason string: the protocol reason by name and code, then the detail.</summary>
    public static string ToReasonString(ReasonCode reason, string detail) => $"{reason} (0x{(byte)reason:x2}): {detail}";
}
