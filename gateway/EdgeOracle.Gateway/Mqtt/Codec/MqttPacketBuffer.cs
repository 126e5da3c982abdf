using System;

namespace EdgeOracle.Gateway.Mqtt.Codec;

/// <summary>
/// Receive buffer of one MQTT connection: bytes are read into <see cref="FreeSpace"/>, whole packets are taken out in
/// place. It starts small and grows only when a packet needs it, up to the packet limit given to <see cref="TryTake"/>.
/// </summary>
public sealed class MqttPacketBuffer(int initialSize = 512)
{
    private byte[] _buffer = new byte[initialSize];
    private int _start;
    private int _end;

    /// <summary>Room for the next read, after moving what is unread to the front.</summary>
    public Memory<byte> FreeSpace()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Records <paramref name="count"/> bytes read into <see cref="FreeSpace"/>.</summary>
    public void Advance(int count) => _end += count;

    /// <summary>
    /// Takes the next whole packet: its first byte (type and flags) and its body, valid until the next call. False when
    /// more bytes are needed. Throws <see cref="MqttProtocolException"/> for a remaining length over
    /// <paramref name="maxBodyLength"/> or longer than four bytes.
    /// </summary>
    public bool TryTake(int maxBodyLength, out byte header, out ReadOnlyMemory<byte> body)
    {
        header = 0;
        body = default;
        if (_end - _start < 2)
        {
            return false;
        }

        var length = 0;
        for (var i = 0; i < 4; i++)
        {
            var at = _start + 1 + i;
            if (at >= _end)
            {
                return false;
            }

            var b = _buffer[at];
            length |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) != 0)
            {
                continue;
            }

            if (length > maxBodyLength)
            {
                throw new MqttProtocolException(MqttWire.PacketTooLarge, $"a {length}-byte packet is over the {maxBodyLength}-byte limit");
            }

            var headerLength = i + 2;
            if (headerLength + length > _buffer.Length)
            {
                // Grow once for the largest packet this connection sends.
                var bigger = new byte[Math.Max(_buffer.Length * 2, headerLength + length)];
                Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
                _end -= _start;
                _start = 0;
                _buffer = bigger;
            }

            if (_end - _start < headerLength + length)
            {
                return false;
            }

            header = _buffer[_start];
            body = _buffer.AsMemory(_start + headerLength, length);
            _start += headerLength + length;
            return true;
        }

        throw MqttWire.Malformed("remaining length longer than 4 bytes");
    }
}
