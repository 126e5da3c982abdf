using System;

namespace EdgeOracle.Gateway.Mqtt.Codec;

/// <summary>MQTT 5 wire encoding shared with clients (the load generator).</summary>
public static class MqttEncoding
{
    /// <summary>Writes <paramref name="value"/> as a variable byte integer (MQTT 5 §1.5.5); returns its length.</summary>
    public static int WriteVarInt(Span<byte> destination, int value)
    {
        var i = 0;
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            destination[i++] = value > 0 ? (byte)(b | 0x80) : b;
        }
        while (value > 0);
        return i;
    }
}
