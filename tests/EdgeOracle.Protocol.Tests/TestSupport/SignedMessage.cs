using System;
using EdgeOracle.Protocol;

namespace EdgeOracle.Protocol.Tests.TestSupport;

/// <summary>A message as a device publishes it, with what the tests expect back.</summary>
public sealed record SignedMessage(MessageKind Kind, string Topic, byte[] Payload, byte[] Digest, ulong Sequence)
{
    public Bytes32 DigestWord => new(Digest);

    /// <summary>A copy with one byte changed (to break a field or a signature on purpose).</summary>
    public SignedMessage WithByte(int offset, byte value)
    {
        var payload = (byte[])Payload.Clone();
        payload[offset] = value;
        return this with { Payload = payload };
    }

    /// <summary>A copy with a different payload length.</summary>
    public SignedMessage Resized(int length)
    {
        var payload = new byte[length];
        Array.Copy(Payload, payload, Math.Min(length, Payload.Length));
        return this with { Payload = payload };
    }

    /// <summary>A copy on another topic.</summary>
    public SignedMessage OnTopic(string topic) => this with { Topic = topic };
}
