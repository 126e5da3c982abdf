using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Ingress;
using EdgeOracle.Gateway.Pipeline;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Protocol.Mqtt;
using EdgeOracle.Gateway.Mqtt.Codec;

namespace EdgeOracle.Gateway.Mqtt.Devices;

/// <summary>PUBLISH from the device, and the PUBACK and ack written back in one buffer.</summary>
public sealed partial class DeviceSession
{
    // Pooled, as every publish waits in it for the pipeline.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnPublishAsync(byte header, ReadOnlyMemory<byte> body, CancellationToken stopping)
    {
        var qos = (header >> 1) & 0x03;
        if (qos == 3)
        {
            throw MqttWire.Malformed("QoS 3");
        }

        if (qos == 2)
        {
            throw new MqttProtocolException(MqttWire.QosNotSupported, "QoS 2 is not supported; publish at QoS 1");
        }

        if ((header & 0x01) != 0)
        {
            throw new MqttProtocolException(MqttWire.RetainNotSupported, "retained messages are not supported");
        }

        var (topic, packetId, payload) = ParsePublish(body, qos);
        ReasonCode reason;
        string detail;
        PipelineOutcome? outcome = null;
        if (!Topics.TrySplit(topic, out _, out var leaf) || Topics.KindOf(leaf) == MessageKind.Unknown)
        {
            (reason, detail) = (ReasonCode.NotAuthorized, "the device endpoint takes only eo/v1/{device}/obs and /pay; use the broker port");
        }
        else if (!_endpoint.RateLimiter.TryAcquire(ClientId))
        {
            (reason, detail) = (ReasonCode.RateLimited, _endpoint.RateLimitDetail);
        }
        else
        {
            outcome = await _endpoint.Sink.SubmitAsync(new IngressMessage(topic, payload, ClientId), stopping).ConfigureAwait(false);
            (reason, detail) = (outcome.Reason, outcome.Detail);
        }

        // The PUBACK and this device's ack go out in one write; an ack for another device goes wherever the sink finds it.
        var forThisDevice = outcome is { AckDevice: { } ackDevice } && ackDevice == Device;
        var ownAck = forThisDevice && _ackTopic is not null;
        var length = 0;
        var output = Output();
        if (qos == 1)
        {
            length = WritePubAck(output, packetId, reason, detail);
        }

        if (ownAck)
        {
            length += WriteAck(output.AsSpan(length), outcome!.ToAcknowledgement());
        }

        if (length > 0)
        {
            await SendAsync(output.AsMemory(0, length), stopping).ConfigureAwait(false);
        }

        if (outcome is not null)
        {
            // Completes at once unless the ack is for another device or a monitor listens somewhere.
            await _endpoint.Sink.RouteAckAsync(outcome, deviceHasAck: forThisDevice).ConfigureAwait(false);
        }
    }

    private (string Topic, ushort PacketId, ReadOnlyMemory<byte> Payload) ParsePublish(ReadOnlyMemory<byte> body, int qos)
    {
        var reader = new MqttWire.Reader(body.Span);
        var topicBytes = reader.Field();
        var topic = TopicText(topicBytes);
        ushort packetId = 0;
        if (qos > 0)
        {
            packetId = reader.UInt16();
            if (packetId == 0)
            {
                throw MqttWire.Malformed("packet identifier 0");
            }
        }

        MqttWire.ReadProperties(ref reader, static (byte id, ref MqttWire.Reader _) =>
            id == MqttWire.PropertyTopicAlias
                ? throw new MqttProtocolException(MqttWire.TopicAliasInvalid, "topic aliases are not supported")
                : false);
        return (topic, packetId, body[^reader.Remaining..]);
    }

    // Devices publish on the same topic over and over: keep its string rather than decode it every time.
    private string TopicText(ReadOnlySpan<byte> bytes)
    {
        if (_lastTopic is { } last && bytes.SequenceEqual(last))
        {
            return _lastTopicText;
        }

        if (bytes.IsEmpty || bytes.IndexOfAny((byte)'+', (byte)'#') >= 0)
        {
            throw new MqttProtocolException(MqttWire.ProtocolError, "a topic name must not be empty or contain wildcards");
        }

        string text;
        try
        {
            text = MqttWire.Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw MqttWire.Malformed("the topic is not valid UTF-8");
        }

        _lastTopic = bytes.ToArray();
        _lastTopicText = text;
        return text;
    }

    // PUBACK with the MQTT reason code and the protocol reason as reason string (when the client wants reason strings
    // and the packet stays within its maximum packet size).
    private int WritePubAck(Span<byte> output, ushort packetId, ReasonCode reason, string detail)
    {
        var code = (byte)MqttReasonMapping.ToPubAck(reason);
        ReadOnlySpan<byte> text = _sendReasonStrings ? ReasonText(reason, detail) : [];
        var textLength = text.Length;
        var properties = textLength == 0 ? 0 : 3 + textLength;
        var remaining = 3 + MqttWire.VarIntSize(properties) + properties;
        if (1 + MqttWire.VarIntSize(remaining) + remaining > _clientMaxPacket)
        {
            textLength = 0;
            properties = 0;
            remaining = 4;
        }

        var at = MqttWire.WriteFixedHeader(output, 0x40, remaining);
        BinaryPrimitives.WriteUInt16BigEndian(output[at..], packetId);
        at += 2;
        output[at++] = code;
        return at + MqttWire.WriteReasonString(output[at..], text[..textLength]);
    }

    // The reason string in UTF-8, at most 200 bytes. Details are mostly constants ("stored"), so the last one is kept and
    // an accepted message's PUBACK formats and encodes nothing.
    private byte[] ReasonText(ReasonCode reason, string detail)
    {
        if (_lastReasonText is { } last && reason == _lastReason && ReferenceEquals(detail, _lastReasonDetail))
        {
            return last;
        }

        var full = MqttReasonMapping.ToReasonString(reason, detail);
        Span<byte> text = stackalloc byte[200];
        var length = Encoding.UTF8.GetMaxByteCount(full.Length) <= text.Length
            ? Encoding.UTF8.GetBytes(full, text)
            : Encoding.UTF8.GetBytes(full.AsSpan(0, Math.Min(full.Length, text.Length / 3)), text);
        (_lastReason, _lastReasonDetail, _lastReasonText) = (reason, detail, text[..length].ToArray());
        return _lastReasonText;
    }

    // The ack as a QoS 0 PUBLISH on eo/v1/{device}/ack.
    private int WriteAck(Span<byte> output, Acknowledgement ack)
    {
        Span<byte> payload = stackalloc byte[WireFormat.AcknowledgementSize];
        payload[0] = WireFormat.Version;
        payload[1] = (byte)ack.Kind;
        BinaryPrimitives.WriteUInt64BigEndian(payload[2..], ack.Sequence);
        payload[10] = (byte)ack.Reason;
        ack.Digest.CopyTo(payload[11..]);
        return MqttWire.WriteQos0Publish(output, _ackTopic!, payload);
    }
}
