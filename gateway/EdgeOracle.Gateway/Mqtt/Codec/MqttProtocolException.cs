using System;

namespace EdgeOracle.Gateway.Mqtt.Codec;

/// <summary>A malformed or forbidden packet; the connection is closed with <see cref="ReasonCode"/> (an MQTT 5 DISCONNECT reason).</summary>
public sealed class MqttProtocolException(byte reasonCode, string message) : Exception(message)
{
    /// <summary>The MQTT 5 reason code to close the connection with.</summary>
    public byte ReasonCode { get; } = reasonCode;
}
