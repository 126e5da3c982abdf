using System;
using System.Collections.Generic;
using EdgeOracle.Emulator.Storage;
using EdgeOracle.Firmware.Core.Journal;

namespace EdgeOracle.Emulator.Tests.Journal
{
    /// <summary>
    /// Drives a journal like a station does (take a sequence, append, acknowledge) and remembers what completed,
    /// so a test can say after any power cut what must, may and must not be on flash.
    /// </summary>
    internal sealed class JournalWorkload
    {
        public const int BlockSize = 512;
        public const int Blocks = 8;
        public const int MaxMessages = 64;
        public const int SequenceBlock = 4;

        public readonly Dictionary<ulong, byte[]> Payloads = new();
        public readonly Dictionary<ulong, byte[]> Digests = new();
        public readonly SortedSet<ulong> Appended = new();
        public readonly SortedSet<ulong> Acknowledged = new();
        public ulong MaxSequenceTaken;
        public ulong InFlight;
        public ulong AckInFlight;

        public static VirtualFlash NewFlash() => new VirtualFlash(BlockSize, Blocks);

        public static MessageJournal Mount(VirtualFlash flash) => new MessageJournal(flash, MaxMessages, SequenceBlock);

        /// <summary>Deterministic message number i: 20 to 79 bytes of envelope and a digest, both from the index.</summary>
        public static void Make(int i, out byte[] payload, out byte[] digest)
        {
            Random random = new Random(1000 + i);
            payload = new byte[20 + random.Next(60)];
            random.NextBytes(payload);
            digest = new byte[32];
            random.NextBytes(digest);
        }

        public void Append(MessageJournal journal, int i)
        {
            Make(i, out byte[] payload, out byte[] digest);
            InFlight = 0;
            ulong sequence = journal.TakeSequence();
            Assert.True(sequence != 0, "no sequence: free " + journal.FreeSegments + ", pending " + journal.PendingCount + ", refused " + journal.RefusedAppends);
            MaxSequenceTaken = Math.Max(MaxSequenceTaken, sequence);
            Payloads[sequence] = payload;
            Digests[sequence] = digest;
            InFlight = sequence;
            Assert.Equal(JournalAppendResult.Appended, journal.Append(sequence, digest, payload, 0, payload.Length));
            InFlight = 0;
            Appended.Add(sequence);
        }

        public void Acknowledge(MessageJournal journal, ulong sequence)
        {
            AckInFlight = sequence;
            Assert.True(journal.Acknowledge(sequence));
            Assert.Equal(0, journal.UnpersistedAcks);
            Acknowledged.Add(sequence);
            AckInFlight = 0;
        }

        /// <summary>The oldest appended, unacknowledged sequence (0 if none).</summary>
        public ulong OldestPending()
        {
            foreach (ulong sequence in Appended)
            {
                if (!Acknowledged.Contains(sequence))
                {
                    return sequence;
                }
            }

            return 0;
        }

        /// <summary>Reads every pending message of the journal in replay order.</summary>
        public static List<(ulong Sequence, byte[] Payload, byte[] Digest)> Pending(MessageJournal journal)
        {
            List<(ulong, byte[], byte[])> list = new();
            for (int h = journal.FirstPending(); h >= 0; h = journal.NextPending(h))
            {
                byte[] payload = new byte[journal.PayloadLengthAt(h)];
                Assert.Equal(payload.Length, journal.ReadPayload(h, payload, 0));
                byte[] digest = new byte[32];
                journal.ReadDigest(h, digest, 0);
                list.Add((journal.SequenceAt(h), payload, digest));
            }

            Assert.Equal(journal.PendingCount, list.Count);
            return list;
        }
    }
}
