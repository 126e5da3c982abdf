using System;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Journal
{
    /// <summary>
    /// The device's store-and-forward journal: signed envelopes go to flash before they are published, are
    /// replayed in order after every reconnect, and leave flash only once the broker acknowledged them. It also
    /// persists the device's sequence counter (by reserving blocks of numbers, so a sequence never repeats after
    /// a reboot) and the chain head (last sequence and digest).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Layout: every erase block is a segment with a 12-byte header (magic "EOJ1", a generation number, CRC-32)
    /// followed by records [type 1][body length 2][body][CRC-32 4] written append-only. Types: message
    /// (sequence, digest, envelope), ack (sequence) and head (reserved-through sequence, last sequence, last
    /// digest). Recovery reads the valid segments in generation order and stops each at the first record that
    /// is blank, overruns the block or fails its CRC: a record torn by a power cut at any byte is never returned,
    /// and a segment with a torn tail is sealed, so the next record goes to a fresh segment.
    /// </para>
    /// <para>
    /// Freeing: the oldest segment is erased once every message in it is acknowledged (FIFO; a later segment
    /// that is fully acknowledged waits for the older ones). A head record is written first so the chain head
    /// and the reservation survive the erase, and the segment header is zeroed before the erase so a torn erase
    /// can never revive it.
    /// </para>
    /// <para>
    /// Full policy: messages and acks may not take the last free segment, which stays reserved for head records
    /// (so freeing can always proceed). When a message does not fit, <see cref="Append"/> refuses it, counts it in
    /// <see cref="RefusedAppends"/> and drops nothing that is stored. An ack that cannot be written is kept in
    /// RAM only (<see cref="UnpersistedAcks"/>): after a reboot that message is replayed once more and the
    /// gateway answers Duplicate, so nothing is lost. Not thread-safe: call it from one thread.
    /// </para>
    /// </remarks>
    public sealed partial class MessageJournal
    {
        /// <summary>Size of a segment header in bytes.</summary>
        public const int SegmentHeaderSize = 12;

        /// <summary>Bytes a record adds around its body: type, length and CRC.</summary>
        public const int RecordOverhead = 7;

        /// <summary>Bytes of a message body before the envelope: sequence and digest.</summary>
        public const int MessagePrefix = 40;

        private const byte TypeMessage = 0x4D;
        private const byte TypeAck = 0x41;
        private const byte TypeHead = 0x48;
        private const int HeadBody = 48;
        private const int HeadRecord = RecordOverhead + HeadBody;

        private static readonly byte[] Magic = { 0x45, 0x4F, 0x4A, 0x31 };

        private readonly IFlashStorage flash;
        private readonly int blockSize;
        private readonly int blockCount;
        private readonly int sequenceBlock;
        private readonly byte[] recordBuffer;
        private readonly byte[] scratch = new byte[SegmentHeaderSize];
        private readonly byte[] blankCheck = new byte[64];

        // Segments in generation order: a ring over block numbers.
        private readonly int[] segments;
        private readonly bool[] inUse;
        private int segmentFirst;
        private int segmentCount;
        private uint nextGeneration = 1;
        private int writeOffset;

        // Blocks holding the newest message record and the newest head record (-1: none), so that freeing a
        // segment copies the chain head and the reservation forward only when that segment holds them.
        private int newestMessageBlock = -1;
        private int newestHeadBlock = -1;

        // RAM index of the messages on flash, in append order (= sequence order); handles are absolute numbers.
        private readonly int capacity;
        private readonly ulong[] indexSequence;
        private readonly int[] indexAddress;
        private readonly int[] indexLength;
        private readonly bool[] indexAcked;
        private readonly bool[] indexAckInRamOnly;
        private int indexFirst;
        private int indexCount;
        private int pendingCount;

        private readonly byte[] lastDigest = new byte[32];
        private ulong lastSequence;
        private ulong reservedThrough;
        private ulong nextSequence = 1;
        private ulong bootSalt;
        private long refusedAppends;
        private long unpersistedAcks;

        /// <summary>Mounts the journal on <paramref name="flash"/>: recovers what is there and reserves a block of sequences.</summary>
        /// <param name="flash">The flash region; every block of it belongs to the journal.</param>
        /// <param name="maxMessages">Most messages held at once (RAM index size, 17 bytes each).</param>
        /// <param name="sequenceBlock">How many sequence numbers one head record reserves (at most this many are skipped per reboot).</param>
        /// <exception cref="ArgumentException">Fewer than 3 blocks, a block under 128 bytes, or a bound below 1.</exception>
        /// <exception cref="InvalidOperationException">Flash holds more messages than <paramref name="maxMessages"/>.</exception>
        public MessageJournal(IFlashStorage flash, int maxMessages, int sequenceBlock)
        {
            Guard.NotNull(flash, nameof(flash));
            if (flash.EraseBlockSize < 128 || flash.Size / flash.EraseBlockSize < 3)
            {
                throw new ArgumentException("need at least 3 erase blocks of 128 bytes or more", nameof(flash));
            }

            if (maxMessages < 1 || sequenceBlock < 1)
            {
                throw new ArgumentException("maxMessages and sequenceBlock must be at least 1", maxMessages < 1 ? nameof(maxMessages) : nameof(sequenceBlock));
            }

            this.flash = flash;
            blockSize = flash.EraseBlockSize;
            blockCount = flash.Size / blockSize;
            this.sequenceBlock = sequenceBlock;
            recordBuffer = new byte[blockSize];
            segments = new int[blockCount];
            inUse = new bool[blockCount];
            capacity = maxMessages;
            indexSequence = new ulong[capacity];
            indexAddress = new int[capacity];
            indexLength = new int[capacity];
            indexAcked = new bool[capacity];
            indexAckInRamOnly = new bool[capacity];
            Mount();
        }

        /// <summary>Sequence of the last message journaled (or recorded in a head); 0 if none ever was.</summary>
        public ulong LastSequence
        {
            get { return lastSequence; }
        }

        /// <summary>
        /// The value to resume a <c>Device.MessageChain</c> with as its last sequence (together with
        /// <see cref="GetLastDigest"/>): one below the first sequence not yet handed out, so the next message skips
        /// whatever a reboot may have left unused, as PROTOCOL.md §5 allows.
        /// </summary>
        public ulong ResumeSequence
        {
            get { return nextSequence - 1; }
        }

        /// <summary>
        /// First sequence of the block reserved at mount; a value that never repeats across boots (0 when the
        /// reservation could not be written), for <c>Signing.PrecomputedSigner</c>'s boot salt.
        /// </summary>
        public ulong BootSalt
        {
            get { return bootSalt; }
        }

        /// <summary>Messages stored and not yet acknowledged.</summary>
        public int PendingCount
        {
            get { return pendingCount; }
        }

        /// <summary>Appends refused because the journal was full, since mount.</summary>
        public long RefusedAppends
        {
            get { return refusedAppends; }
        }

        /// <summary>
        /// Acknowledgements honoured in RAM but not yet on flash for lack of room; they are written as soon as
        /// freeing makes room, and until then a reboot would replay those messages once more.
        /// </summary>
        public long UnpersistedAcks
        {
            get { return unpersistedAcks; }
        }

        /// <summary>Erase blocks not holding a segment.</summary>
        public int FreeSegments
        {
            get { return blockCount - segmentCount; }
        }

        /// <summary>Largest envelope one record can hold.</summary>
        public int MaxPayloadLength
        {
            get { return blockSize - SegmentHeaderSize - RecordOverhead - MessagePrefix; }
        }

        /// <summary>A copy of the chain head's digest (zeros before the first message).</summary>
        /// <returns>32 new bytes.</returns>
        public byte[] GetLastDigest()
        {
            byte[] copy = new byte[32];
            Array.Copy(lastDigest, copy, 32);
            return copy;
        }

        /// <summary>
        /// Makes sure <paramref name="sequence"/> is covered by a reservation on flash, writing a head record that
        /// reserves a new block if needed. Call it before signing with that sequence.
        /// </summary>
        /// <param name="sequence">The sequence about to be signed.</param>
        /// <returns>False when the reservation could not be written (journal full): do not sign.</returns>
        public bool Reserve(ulong sequence)
        {
            if (sequence <= reservedThrough)
            {
                return true;
            }

            if (!WriteHead(sequence + (ulong)sequenceBlock - 1, false))
            {
                return false;
            }

            return true;
        }

        /// <summary>Hands out the next sequence, reserved on flash first; it will never be handed out again.</summary>
        /// <returns>The sequence, or 0 when no reservation could be written (journal full).</returns>
        public ulong TakeSequence()
        {
            ulong sequence = nextSequence;
            if (!Reserve(sequence))
            {
                return 0;
            }

            nextSequence = sequence + 1;
            return sequence;
        }

        /// <summary>True when a message with an envelope of <paramref name="payloadLength"/> bytes would be appended now.</summary>
        /// <param name="payloadLength">The envelope's length.</param>
        /// <returns>Whether <see cref="Append"/> would accept it.</returns>
        public bool HasRoomFor(int payloadLength)
        {
            if (payloadLength < 0 || payloadLength > MaxPayloadLength || indexCount == capacity)
            {
                return false;
            }

            return CanWrite(RecordOverhead + MessagePrefix + payloadLength);
        }

        /// <summary>
        /// Stores a signed message. It becomes the chain head and stays pending until <see cref="Acknowledge"/>.
        /// </summary>
        /// <param name="sequence">Its sequence: above <see cref="LastSequence"/> (reserved first if not yet).</param>
        /// <param name="digest">Its 32-byte EIP-712 digest.</param>
        /// <param name="payload">The envelope.</param>
        /// <param name="offset">Where the envelope starts.</param>
        /// <param name="count">Its length.</param>
        /// <returns>What was done; nothing stored is ever dropped to make room.</returns>
        /// <exception cref="ArgumentException">The sequence does not increase or a buffer is malformed.</exception>
        public JournalAppendResult Append(ulong sequence, byte[] digest, byte[] payload, int offset, int count)
        {
            if (sequence <= lastSequence)
            {
                throw new ArgumentException("sequence must increase: " + sequence + " after " + lastSequence, nameof(sequence));
            }

            if (digest == null || digest.Length != 32)
            {
                throw new ArgumentException("digest must be 32 bytes", nameof(digest));
            }

            if (payload == null || offset < 0 || count < 0 || offset > payload.Length - count)
            {
                throw new ArgumentException("payload range out of bounds", nameof(payload));
            }

            if (count > MaxPayloadLength)
            {
                return JournalAppendResult.TooLarge;
            }

            if (!HasRoomFor(count) || !Reserve(sequence))
            {
                refusedAppends++;
                return JournalAppendResult.Full;
            }

            BigEndian.WriteUInt64(recordBuffer, 3, sequence);
            Array.Copy(digest, 0, recordBuffer, 11, 32);
            Array.Copy(payload, offset, recordBuffer, 3 + MessagePrefix, count);
            int address = WriteRecord(TypeMessage, MessagePrefix + count, false);
            if (address < 0)
            {
                refusedAppends++;
                return JournalAppendResult.Full;
            }

            AddToIndex(sequence, address, count);
            SetHead(sequence, digest, 0);
            newestMessageBlock = address / blockSize;
            if (sequence >= nextSequence)
            {
                nextSequence = sequence + 1;
            }

            return JournalAppendResult.Appended;
        }

        /// <summary>
        /// Records the broker's acknowledgement of <paramref name="sequence"/> and erases every oldest segment whose
        /// messages are now all acknowledged.
        /// </summary>
        /// <param name="sequence">The acknowledged message's sequence.</param>
        /// <returns>False when no pending message has that sequence (unknown or already acknowledged).</returns>
        public bool Acknowledge(ulong sequence)
        {
            int position = Find(sequence);
            if (position < 0)
            {
                return false;
            }

            int slot = (indexFirst + position) % capacity;
            if (indexAcked[slot])
            {
                return false;
            }

            indexAcked[slot] = true;
            pendingCount--;
            if (!WriteAck(slot))
            {
                indexAckInRamOnly[slot] = true;
                unpersistedAcks++;
            }

            FreeAcknowledgedSegments();
            WriteHeldAcks();
            return true;
        }

        /// <summary>Handle of the oldest pending message, or -1; walk on with <see cref="NextPending"/>.</summary>
        /// <returns>A handle valid until the next <see cref="Acknowledge"/>.</returns>
        public int FirstPending()
        {
            return NextPending(indexFirst - 1);
        }

        /// <summary>Handle of the next pending message after <paramref name="handle"/> in sequence order, or -1.</summary>
        /// <param name="handle">A handle from <see cref="FirstPending"/> or this method.</param>
        /// <returns>The next handle, or -1 at the end.</returns>
        public int NextPending(int handle)
        {
            int start = handle + 1;
            if (start < indexFirst)
            {
                start = indexFirst;
            }

            for (int h = start; h < indexFirst + indexCount; h++)
            {
                if (!indexAcked[h % capacity])
                {
                    return h;
                }
            }

            return -1;
        }

        /// <summary>The sequence of the message at <paramref name="handle"/>.</summary>
        /// <param name="handle">A valid handle.</param>
        /// <returns>Its sequence.</returns>
        public ulong SequenceAt(int handle)
        {
            return indexSequence[Slot(handle)];
        }

        /// <summary>The envelope length of the message at <paramref name="handle"/>.</summary>
        /// <param name="handle">A valid handle.</param>
        /// <returns>Its length in bytes.</returns>
        public int PayloadLengthAt(int handle)
        {
            return indexLength[Slot(handle)];
        }

        /// <summary>Reads the envelope of the message at <paramref name="handle"/> from flash.</summary>
        /// <param name="handle">A valid handle.</param>
        /// <param name="buffer">Receives <see cref="PayloadLengthAt"/> bytes.</param>
        /// <param name="offset">Where they go.</param>
        /// <returns>The number of bytes read.</returns>
        public int ReadPayload(int handle, byte[] buffer, int offset)
        {
            int slot = Slot(handle);
            flash.Read(indexAddress[slot] + 3 + MessagePrefix, buffer, offset, indexLength[slot]);
            return indexLength[slot];
        }

        /// <summary>Reads the 32-byte digest of the message at <paramref name="handle"/> from flash.</summary>
        /// <param name="handle">A valid handle.</param>
        /// <param name="buffer">Receives 32 bytes.</param>
        /// <param name="offset">Where they go.</param>
        public void ReadDigest(int handle, byte[] buffer, int offset)
        {
            flash.Read(indexAddress[Slot(handle)] + 11, buffer, offset, 32);
        }

        private bool WriteAck(int slot)
        {
            BigEndian.WriteUInt64(recordBuffer, 3, indexSequence[slot]);
            return WriteRecord(TypeAck, 8, false) >= 0;
        }

        // Writes the acks that were held in RAM, now that freeing may have made room (oldest first).
        private void WriteHeldAcks()
        {
            for (int h = indexFirst; unpersistedAcks > 0 && h < indexFirst + indexCount; h++)
            {
                int slot = h % capacity;
                if (indexAckInRamOnly[slot])
                {
                    if (!WriteAck(slot))
                    {
                        return;
                    }

                    indexAckInRamOnly[slot] = false;
                    unpersistedAcks--;
                }
            }
        }

        private int Slot(int handle)
        {
            if (handle < indexFirst || handle >= indexFirst + indexCount)
            {
                throw new ArgumentException("stale or unknown handle", nameof(handle));
            }

            return handle % capacity;
        }
    }
}
