using System;
using System.Diagnostics.CodeAnalysis;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>
    /// A thread-safe, fixed-capacity FIFO of decoded acknowledgements between a transport's receive thread
    /// and the device's host loop.
    /// </summary>
    /// <remarks>
    /// An ack that does not decode, or that arrives while the inbox is full, is counted and dropped: the device
    /// still holds the message and re-sends it after its timeout, and the gateway answers a re-sent message
    /// with <c>Duplicate</c>, so nothing is lost.
    /// </remarks>
    public sealed class AckInbox : IAckSink
    {
        private readonly object _gate = new object();
        private readonly Ack[] _items;
        private int _head;
        private int _count;
        private int _malformedCount;
        private int _overflowCount;

        /// <summary>Creates an inbox that holds at most <paramref name="capacity"/> acknowledgements.</summary>
        /// <param name="capacity">The cap; at least 1.</param>
        public AckInbox(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity));
            }

            _items = new Ack[capacity];
        }

        /// <summary>Gets how many acknowledgements the inbox holds at most.</summary>
        public int Capacity
        {
            get { return _items.Length; }
        }

        /// <summary>Returns how many payloads did not decode as an acknowledgement.</summary>
        /// <returns>The count since the inbox was created.</returns>
        public int GetMalformedCount()
        {
            lock (_gate)
            {
                return _malformedCount;
            }
        }

        /// <summary>Returns how many acknowledgements were dropped because the inbox was full.</summary>
        /// <returns>The count since the inbox was created.</returns>
        public int GetOverflowCount()
        {
            lock (_gate)
            {
                return _overflowCount;
            }
        }

        /// <inheritdoc />
        public void AckReceived(byte[] payload)
        {
            if (payload == null || !Ack.TryDecode(payload, out Ack ack))
            {
                lock (_gate)
                {
                    _malformedCount++;
                }

                return;
            }

            lock (_gate)
            {
                if (_count == _items.Length)
                {
                    _overflowCount++;
                    return;
                }

                _items[(_head + _count) % _items.Length] = ack;
                _count++;
            }
        }

        /// <summary>Takes the oldest acknowledgement out of the inbox.</summary>
        /// <param name="ack">The acknowledgement, or <c>null</c> when the inbox is empty.</param>
        /// <returns><c>true</c> if an acknowledgement was taken.</returns>
        public bool TryDequeue([NotNullWhen(true)] out Ack? ack)
        {
            lock (_gate)
            {
                if (_count == 0)
                {
                    ack = null;
                    return false;
                }

                ack = _items[_head];
                _items[_head] = null!;
                _head = (_head + 1) % _items.Length;
                _count--;
                return true;
            }
        }
    }
}
