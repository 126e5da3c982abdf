using System;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Journal
{
    /// <content>Mounting (recovery scan), segment management and record writing.</content>
    public sealed partial class MessageJournal
    {
        private void Mount()
        {
            // Valid segments, ordered by generation (insertion sort: there are few blocks).
            uint[] generations = new uint[blockCount];
            for (int block = 0; block < blockCount; block++)
            {
                uint generation;
                if (!TryReadHeader(block, out generation))
                {
                    continue;
                }

                int at = segmentCount;
                while (at > 0 && generations[at - 1] > generation)
                {
                    generations[at] = generations[at - 1];
                    segments[at] = segments[at - 1];
                    at--;
                }

                generations[at] = generation;
                segments[at] = block;
                inUse[block] = true;
                segmentCount++;
                if (generation >= nextGeneration)
                {
                    nextGeneration = generation + 1;
                }
            }

            writeOffset = blockSize;
            for (int i = 0; i < segmentCount; i++)
            {
                int end = Scan(segments[i]);
                if (i == segmentCount - 1)
                {
                    writeOffset = IsBlank(segments[i], end) ? end : blockSize;
                }
            }

            nextSequence = (reservedThrough > lastSequence ? reservedThrough : lastSequence) + 1;
            FreeAcknowledgedSegments();

            // A fresh block per boot: sequences never repeat, and its start is a boot-unique salt.
            if (WriteHead(nextSequence + (ulong)sequenceBlock - 1, false))
            {
                bootSalt = nextSequence;
            }
        }

        // Applies the segment's intact records; returns the offset after the last one.
        private int Scan(int block)
        {
            int offset = SegmentHeaderSize;
            int baseAddress = block * blockSize;
            while (offset + RecordOverhead <= blockSize)
            {
                flash.Read(baseAddress + offset, recordBuffer, 0, 3);
                byte type = recordBuffer[0];
                int bodyLength = (recordBuffer[1] << 8) | recordBuffer[2];
                int total = RecordOverhead + bodyLength;
                if (type == 0xFF || offset + total > blockSize || !KnownLength(type, bodyLength))
                {
                    break;
                }

                flash.Read(baseAddress + offset + 3, recordBuffer, 3, bodyLength + 4);
                uint stored = BigEndian.ReadUInt32(recordBuffer, 3 + bodyLength);
                if (Crc32.Compute(recordBuffer, 0, 3 + bodyLength) != stored)
                {
                    break;
                }

                Apply(type, bodyLength, baseAddress + offset);
                offset += total;
            }

            return offset;
        }

        private static bool KnownLength(byte type, int bodyLength)
        {
            if (type == TypeMessage)
            {
                return bodyLength >= MessagePrefix;
            }

            if (type == TypeAck)
            {
                return bodyLength == 8;
            }

            return type == TypeHead && bodyLength == HeadBody;
        }

        private void Apply(byte type, int bodyLength, int address)
        {
            ulong sequence = BigEndian.ReadUInt64(recordBuffer, 3);
            if (type == TypeMessage)
            {
                if (indexCount == capacity)
                {
                    throw new InvalidOperationException("flash holds more messages than maxMessages");
                }

                AddToIndex(sequence, address, bodyLength - MessagePrefix);
                SetHead(sequence, recordBuffer, 11);
                newestMessageBlock = address / blockSize;
            }
            else if (type == TypeAck)
            {
                int position = Find(sequence);
                if (position >= 0 && !indexAcked[(indexFirst + position) % capacity])
                {
                    indexAcked[(indexFirst + position) % capacity] = true;
                    pendingCount--;
                }
            }
            else
            {
                if (sequence > reservedThrough)
                {
                    reservedThrough = sequence;
                }

                newestHeadBlock = address / blockSize;

                SetHead(BigEndian.ReadUInt64(recordBuffer, 11), recordBuffer, 19);
            }
        }

        private void SetHead(ulong sequence, byte[] digest, int offset)
        {
            if (sequence >= lastSequence)
            {
                lastSequence = sequence;
                Array.Copy(digest, offset, lastDigest, 0, 32);
            }
        }

        private void AddToIndex(ulong sequence, int address, int length)
        {
            int slot = (indexFirst + indexCount) % capacity;
            indexSequence[slot] = sequence;
            indexAddress[slot] = address;
            indexLength[slot] = length;
            indexAcked[slot] = false;
            indexAckInRamOnly[slot] = false;
            indexCount++;
            pendingCount++;
        }

        // Position (0 = oldest) of the message with this sequence, or -1; the index is in sequence order.
        private int Find(ulong sequence)
        {
            int low = 0;
            int high = indexCount - 1;
            while (low <= high)
            {
                int middle = (low + high) >> 1;
                ulong value = indexSequence[(indexFirst + middle) % capacity];
                if (value == sequence)
                {
                    return middle;
                }

                if (value < sequence)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return -1;
        }

        // Writes a head record reserving through `through`; `mayUseReserve` lets it take the last free segment.
        private bool WriteHead(ulong through, bool mayUseReserve)
        {
            if (through < reservedThrough)
            {
                through = reservedThrough;
            }

            BigEndian.WriteUInt64(recordBuffer, 3, through);
            BigEndian.WriteUInt64(recordBuffer, 11, lastSequence);
            Array.Copy(lastDigest, 0, recordBuffer, 19, 32);
            int address = WriteRecord(TypeHead, HeadBody, mayUseReserve);
            if (address < 0)
            {
                return false;
            }

            reservedThrough = through;
            newestHeadBlock = address / blockSize;
            return true;
        }

        // True when a record of `total` bytes may be written without taking the room kept for one head record
        // (a free segment, or the end of the active one): freeing always needs to write a head first.
        private bool CanWrite(int total)
        {
            if (segmentCount > 0 && writeOffset + total <= blockSize)
            {
                return FreeSegments >= 1 || blockSize - writeOffset - total >= HeadRecord;
            }

            return FreeSegments >= 2;
        }

        // Writes the record whose body is at recordBuffer[3..], opening a segment when the active one is full.
        // Only the head written before freeing may use the room kept for it. Returns the address, or -1.
        private int WriteRecord(byte type, int bodyLength, bool mayUseReserve)
        {
            int total = RecordOverhead + bodyLength;
            if (!mayUseReserve && !CanWrite(total))
            {
                return -1;
            }

            if (segmentCount == 0 || writeOffset + total > blockSize)
            {
                if (FreeSegments < 1 || !OpenSegment())
                {
                    return -1;
                }
            }

            recordBuffer[0] = type;
            recordBuffer[1] = (byte)(bodyLength >> 8);
            recordBuffer[2] = (byte)bodyLength;
            BigEndian.WriteUInt32(recordBuffer, 3 + bodyLength, Crc32.Compute(recordBuffer, 0, 3 + bodyLength));
            int address = (ActiveBlock * blockSize) + writeOffset;
            flash.Program(address, recordBuffer, 0, total);
            writeOffset += total;
            return address;
        }

        private int ActiveBlock
        {
            get { return segments[(segmentFirst + segmentCount - 1) % blockCount]; }
        }

        private bool OpenSegment()
        {
            // Round-robin from the active block spreads the erases over the region.
            int start = segmentCount == 0 ? 0 : ActiveBlock + 1;
            int block = -1;
            for (int i = 0; i < blockCount; i++)
            {
                int candidate = (start + i) % blockCount;
                if (!inUse[candidate])
                {
                    block = candidate;
                    break;
                }
            }

            if (block < 0)
            {
                return false;
            }

            if (!IsBlank(block, 0))
            {
                flash.Erase(block);
            }

            uint generation = nextGeneration++;
            for (int i = 0; i < 4; i++)
            {
                scratch[i] = Magic[i];
            }

            BigEndian.WriteUInt32(scratch, 4, generation);
            BigEndian.WriteUInt32(scratch, 8, Crc32.Compute(scratch, 0, 8));
            flash.Program(block * blockSize, scratch, 0, SegmentHeaderSize);
            segments[(segmentFirst + segmentCount) % blockCount] = block;
            inUse[block] = true;
            segmentCount++;
            writeOffset = SegmentHeaderSize;
            return true;
        }

        // Erases oldest segments whose messages are all acknowledged, after checkpointing the head.
        private void FreeAcknowledgedSegments()
        {
            while (segmentCount > 1)
            {
                int oldest = segments[segmentFirst];
                int messages = 0;
                while (messages < indexCount)
                {
                    int slot = (indexFirst + messages) % capacity;
                    if (indexAddress[slot] / blockSize != oldest)
                    {
                        break;
                    }

                    if (!indexAcked[slot])
                    {
                        return;
                    }

                    messages++;
                }

                // The segment may hold the only copy of the head or of the reservation: copy them forward.
                if ((newestMessageBlock == oldest || newestHeadBlock == oldest) && !WriteHead(reservedThrough, true))
                {
                    return;
                }

                if (segments[segmentFirst] != oldest || ActiveBlock == oldest)
                {
                    return;
                }

                for (int i = 0; i < messages; i++)
                {
                    int slot = (indexFirst + i) % capacity;
                    if (indexAckInRamOnly[slot])
                    {
                        // Erased with its segment: nothing left to acknowledge on flash.
                        indexAckInRamOnly[slot] = false;
                        unpersistedAcks--;
                    }
                }

                indexFirst += messages;
                indexCount -= messages;

                // Zero the header before erasing, so that a torn erase can never leave a valid-looking segment.
                for (int i = 0; i < SegmentHeaderSize; i++)
                {
                    scratch[i] = 0;
                }

                flash.Program(oldest * blockSize, scratch, 0, SegmentHeaderSize);
                segmentFirst = (segmentFirst + 1) % blockCount;
                segmentCount--;
                inUse[oldest] = false;
                flash.Erase(oldest);
            }
        }

        private bool TryReadHeader(int block, out uint generation)
        {
            flash.Read(block * blockSize, scratch, 0, SegmentHeaderSize);
            generation = BigEndian.ReadUInt32(scratch, 4);
            for (int i = 0; i < 4; i++)
            {
                if (scratch[i] != Magic[i])
                {
                    return false;
                }
            }

            return Crc32.Compute(scratch, 0, 8) == BigEndian.ReadUInt32(scratch, 8);
        }

        // True when the block is 0xFF from `from` to its end. Uses its own buffer: a record may be waiting in recordBuffer.
        private bool IsBlank(int block, int from)
        {
            int address = (block * blockSize) + from;
            int remaining = blockSize - from;
            while (remaining > 0)
            {
                int chunk = remaining < blankCheck.Length ? remaining : blankCheck.Length;
                flash.Read(address, blankCheck, 0, chunk);
                for (int i = 0; i < chunk; i++)
                {
                    if (blankCheck[i] != 0xFF)
                    {
                        return false;
                    }
                }

                address += chunk;
                remaining -= chunk;
            }

            return true;
        }
    }
}
