using System;

namespace EdgeOracle.Protocol.Mqtt;

/// <summary>The MQTT topics of PROTOCOL.md §6.</summary>
public static class Topics
{
    /// <summary>Prefix of every protocol topic.</summary>
    public const string Prefix = "eo/v1/";

    /// <summary>Filter for observations.</summary>
    public const string ObservationFilter = "eo/v1/+/obs";

    /// <summary>Filter for payment submissions.</summary>
    public const string PaymentFilter = "eo/v1/+/pay";

    /// <summary>The acknowledgement topic of a device.</summary>
    public static string Ack(Address device) => $"{Prefix}{device}/ack";

    /// <summary>The observation topic of a device.</summary>
    public static string Observations(Address device) => $"{Prefix}{device}/obs";

    /// <summary>The payment topic of a device.</summary>
    public static string Payments(Address device) => $"{Prefix}{device}/pay";

    /// <summary>
    /// Splits <c>eo/v1/{device}/{obs|pay|ack}</c>. Returns false for topics outside the protocol. The device segment is
    /// returned as text, because a malformed address is the sender's fault (TopicMismatch), not a foreign topic. Both
    /// parts are slices of <paramref name="topic"/>: a message's topic is split without allocating.
    /// </summary>
    public static bool TrySplit(string topic, out ReadOnlySpan<char> deviceSegment, out ReadOnlySpan<char> leaf)
    {
        deviceSegment = default;
        leaf = default;
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash < 0 || rest[(slash + 1)..].Contains('/'))
        {
            return false;
        }

        deviceSegment = rest[..slash];
        leaf = rest[(slash + 1)..];
        return true;
    }

    /// <summary>The kind a topic leaf carries: obs → Observation, pay → PaymentIntent, else Unknown.</summary>
    public static MessageKind KindOf(ReadOnlySpan<char> leaf) =>
        leaf.SequenceEqual("obs") ? MessageKind.Observation
        : leaf.SequenceEqual("pay") ? MessageKind.PaymentIntent
        : MessageKind.Unknown;

    /// <summary>True when the device segment is the canonical lower-case <c>0x</c> address.</summary>
    public static bool TryParseDevice(ReadOnlySpan<char> deviceSegment, out Address device)
    {
        device = default;
        return deviceSegment.Length == 2 + (2 * Address.Size) && deviceSegment.StartsWith("0x", StringComparison.Ordinal)
            && !deviceSegment[2..].ContainsAnyInRange('A', 'F') && Address.TryParse(deviceSegment, out device);
    }
}
