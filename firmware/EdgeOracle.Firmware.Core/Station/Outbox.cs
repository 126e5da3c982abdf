using System;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Station
{
    /// <summary>One signed message waiting in the <see cref="Outbox"/> for its acknowledgement.</summary>
    public sealed class OutboxEntry
    {
        internal OutboxEntry(SignedMessage message)
        {
            Message = message;
        }

        /// <summary>Gets the signed message.</summary>
        public SignedMessage Message { get; }

        /// <summary>Gets whether the message was published since it was added or last marked due.</summary>
        public bool Sent { get; internal set; }

        /// <summary>Gets the monotonic time of the last publish (or of the last "retry later" answer).</summary>
        public long LastSentMilliseconds { get; internal set; }

        /// <summary>Gets how many times the message was published.</summary>
        public int SendCount { get; internal set; }
    }

    /// <summary>
    /// A capped, ordered store of signed messages not yet acknowledged, oldest first, in RAM. With a flash journal
    /// attached (<see cref="SensorStation.AttachJournal"/>) it holds the journal's oldest pending messages.
    /// </summary>
    /// <remarks>Removal shifts the array; the cap is small (tens), so that costs less than a linked structure.</remarks>
    public sealed class Outbox
    {
        private readonly OutboxEntry[] _entries;
        private int _count;

        /// <summary>Creates an empty outbox that holds at most <paramref name="capacity"/> messages.</summary>
        /// <param name="capacity">The cap; at least 1.</param>
        public Outbox(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity));
            }

            _entries = new OutboxEntry[capacity];
        }

        /// <summary>Gets the cap.</summary>
        public int Capacity
        {
            get { return _entries.Length; }
        }

        /// <summary>Gets how many messages wait.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Gets whether the outbox is at its cap.</summary>
        public bool IsFull
        {
            get { return _count == _entries.Length; }
        }

        /// <summary>Gets the entry at <paramref name="index"/>; 0 is the oldest.</summary>
        /// <param name="index">0 to <see cref="Count"/> − 1.</param>
        /// <returns>The entry.</returns>
        public OutboxEntry this[int index]
        {
            get
            {
                if (index < 0 || index >= _count)
                {
                    throw new ArgumentOutOfRangeException(nameof(index));
                }

                return _entries[index];
            }
        }

        /// <summary>Appends a message as the newest entry, not yet sent.</summary>
        /// <param name="message">The signed message.</param>
        /// <returns><c>false</c> if the outbox is full (nothing is added).</returns>
        public bool TryAdd(SignedMessage message)
        {
            if (message == null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            if (IsFull)
            {
                return false;
            }

            _entries[_count] = new OutboxEntry(message);
            _count++;
            return true;
        }

        /// <summary>Finds the entry whose message <paramref name="ack"/> answers (kind, sequence and digest).</summary>
        /// <param name="ack">A decoded acknowledgement.</param>
        /// <returns>The entry's index, or −1.</returns>
        public int IndexOf(Ack ack)
        {
            for (int i = 0; i < _count; i++)
            {
                if (AckMatch.Answers(ack, _entries[i].Message))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Removes the entry at <paramref name="index"/>, keeping the others in order.</summary>
        /// <param name="index">0 to <see cref="Count"/> − 1.</param>
        public void RemoveAt(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            for (int i = index; i < _count - 1; i++)
            {
                _entries[i] = _entries[i + 1];
            }

            _count--;
            _entries[_count] = null!;
        }

        /// <summary>Marks every entry as unsent, so the next transmit pass re-sends all of them, oldest first.</summary>
        public void MarkAllDue()
        {
            for (int i = 0; i < _count; i++)
            {
                _entries[i].Sent = false;
            }
        }
    }
}
