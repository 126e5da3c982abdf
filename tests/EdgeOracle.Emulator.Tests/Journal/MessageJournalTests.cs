using System;
using System.Collections.Generic;
using EdgeOracle.Emulator.Storage;
using EdgeOracle.Firmware.Core.Journal;

namespace EdgeOracle.Emulator.Tests.Journal
{
    public sealed class MessageJournalTests
    {
        [Fact]
        public void Replay_AfterReboot_ReturnsPendingMessagesInOrder_AndSkipsOnlyAcknowledgedOnes()
        {
            VirtualFlash flash = JournalWorkload.NewFlash();
            JournalWorkload model = new JournalWorkload();
            MessageJournal journal = JournalWorkload.Mount(flash);
            for (int i = 0; i < 6; i++)
            {
                model.Append(journal, i);
            }

            ulong[] sequences = new ulong[model.Appended.Count];
            model.Appended.CopyTo(sequences);

            // Out of order: the broker acknowledged the 2nd and 5th only.
            model.Acknowledge(journal, sequences[1]);
            model.Acknowledge(journal, sequences[4]);
            Assert.False(journal.Acknowledge(sequences[1]));
            Assert.False(journal.Acknowledge(999_999));

            MessageJournal rebooted = JournalWorkload.Mount(flash);
            List<(ulong Sequence, byte[] Payload, byte[] Digest)> pending = JournalWorkload.Pending(rebooted);
            Assert.Equal(new[] { sequences[0], sequences[2], sequences[3], sequences[5] }, pending.ConvertAll(p => p.Sequence).ToArray());
            foreach ((ulong sequence, byte[] payload, byte[] digest) in pending)
            {
                Assert.Equal(model.Payloads[sequence], payload);
                Assert.Equal(model.Digests[sequence], digest);
            }
        }

        [Fact]
        public void WhenFull_AppendIsRefusedAndCounted_NothingStoredIsDropped_AndAcksMakeRoomAgain()
        {
            VirtualFlash flash = JournalWorkload.NewFlash();
            MessageJournal journal = JournalWorkload.Mount(flash);
            List<ulong> stored = new();
            JournalWorkload.Make(1, out byte[] payload, out byte[] digest);
            payload = new byte[100];
            while (true)
            {
                Assert.True(journal.HasRoomFor(payload.Length) || stored.Count > 0);
                bool room = journal.HasRoomFor(payload.Length);
                ulong sequence = journal.TakeSequence();
                Assert.NotEqual(0UL, sequence);
                JournalAppendResult result = journal.Append(sequence, digest, payload, 0, payload.Length);
                Assert.Equal(room, result == JournalAppendResult.Appended);
                if (result == JournalAppendResult.Full)
                {
                    break;
                }

                stored.Add(sequence);
            }

            Assert.Equal(1, journal.RefusedAppends);
            Assert.Equal(JournalAppendResult.Full, journal.Append(journal.TakeSequence(), digest, payload, 0, payload.Length));
            Assert.Equal(2, journal.RefusedAppends);
            Assert.Equal(1, journal.FreeSegments);

            // Everything accepted is still there after a reboot, in order.
            MessageJournal rebooted = JournalWorkload.Mount(flash);
            Assert.Equal(stored, JournalWorkload.Pending(rebooted).ConvertAll(p => p.Sequence));

            // Acknowledging the two oldest segments' messages (three 147-byte records each) frees them, and
            // appends are accepted again.
            for (int i = 0; i < 6; i++)
            {
                Assert.True(rebooted.Acknowledge(stored[i]));
            }

            Assert.True(rebooted.FreeSegments >= 2, "free " + rebooted.FreeSegments);
            ulong next = rebooted.TakeSequence();
            Assert.Equal(JournalAppendResult.Appended, rebooted.Append(next, digest, payload, 0, payload.Length));

            List<ulong> expected = stored.GetRange(6, stored.Count - 6);
            expected.Add(next);
            Assert.Equal(expected, JournalWorkload.Pending(JournalWorkload.Mount(flash)).ConvertAll(p => p.Sequence));
        }

        [Fact]
        public void FullJournal_CanAlwaysFree_AfterReboots_AndAcksThatArriveOldestLast()
        {
            VirtualFlash flash = JournalWorkload.NewFlash();
            MessageJournal journal = JournalWorkload.Mount(flash);
            List<ulong> stored = new();
            byte[] digest = new byte[32];
            byte[] payload = new byte[60];
            while (true)
            {
                ulong sequence = journal.TakeSequence();
                if (sequence == 0 || journal.Append(sequence, digest, payload, 0, payload.Length) != JournalAppendResult.Appended)
                {
                    break;
                }

                stored.Add(sequence);
            }

            for (int boot = 0; boot < 10; boot++)
            {
                journal = JournalWorkload.Mount(flash);
            }

            // Every message but the oldest is acknowledged first: those acks fill what room is left.
            for (int i = stored.Count - 1; i >= 1; i--)
            {
                Assert.True(journal.Acknowledge(stored[i]));
            }

            Assert.True(journal.UnpersistedAcks > 0, "the test should run out of room for acks");
            Assert.True(journal.Acknowledge(stored[0]));
            Assert.Equal(0, journal.PendingCount);

            // Freeing made room, so the acks held in RAM went to flash: nothing is replayed after a reboot.
            Assert.Equal(0, journal.UnpersistedAcks);
            Assert.True(journal.FreeSegments >= JournalWorkload.Blocks - 2, "free " + journal.FreeSegments);
            ulong next = journal.TakeSequence();
            Assert.NotEqual(0UL, next);
            Assert.Equal(JournalAppendResult.Appended, journal.Append(next, digest, payload, 0, payload.Length));
            Assert.Equal(new[] { next }, JournalWorkload.Pending(JournalWorkload.Mount(flash)).ConvertAll(p => p.Sequence).ToArray());
        }

        [Theory]
        [InlineData(167, 276)]
        [InlineData(243, 203)]
        [InlineData(344, 150)]
        public void DeviceGeometry_64KiBOf4KiBBlocks_HoldsThisManyEnvelopes_AndRecoversThemAll(int envelope, int expected)
        {
            // The protocol's observation (167), payment intent (243) and submission-sized (344) envelopes.
            VirtualFlash flash = new VirtualFlash(4096, 16);
            MessageJournal journal = new MessageJournal(flash, 512, 32);
            byte[] payload = new byte[envelope];
            byte[] digest = new byte[32];
            int stored = 0;
            while (journal.Append(journal.TakeSequence(), digest, payload, 0, envelope) == JournalAppendResult.Appended)
            {
                stored++;
            }

            Assert.Equal(expected, stored);
            Assert.Equal(stored, JournalWorkload.Pending(new MessageJournal(flash, 512, 32)).Count);
        }

        [Fact]
        public void Append_RefusesARecordLargerThanASegment_AndADecreasingSequence()
        {
            MessageJournal journal = JournalWorkload.Mount(JournalWorkload.NewFlash());
            byte[] digest = new byte[32];
            Assert.Equal(JournalAppendResult.TooLarge, journal.Append(1, digest, new byte[journal.MaxPayloadLength + 1], 0, journal.MaxPayloadLength + 1));
            Assert.Equal(JournalAppendResult.Appended, journal.Append(5, digest, new byte[journal.MaxPayloadLength], 0, journal.MaxPayloadLength));
            Assert.Throws<ArgumentException>(() => journal.Append(5, digest, new byte[1], 0, 1));
            Assert.Throws<ArgumentException>(() => journal.Append(6, new byte[31], new byte[1], 0, 1));
        }

        [Fact]
        public void Sequences_NeverRepeat_AcrossManyReboots_EvenWhenNothingWasAppended()
        {
            VirtualFlash flash = JournalWorkload.NewFlash();
            ulong highest = 0;
            HashSet<ulong> salts = new();
            for (int boot = 0; boot < 200; boot++)
            {
                MessageJournal journal = JournalWorkload.Mount(flash);
                Assert.True(salts.Add(journal.BootSalt), "boot salt repeated at boot " + boot);
                Assert.True(journal.ResumeSequence >= highest);
                for (int i = 0; i < boot % 7; i++)
                {
                    ulong sequence = journal.TakeSequence();
                    Assert.True(sequence > highest, "sequence " + sequence + " after " + highest + " at boot " + boot);
                    highest = sequence;
                }

                if (boot % 5 == 0)
                {
                    JournalWorkload.Make(boot, out byte[] payload, out byte[] digest);
                    ulong sequence = journal.TakeSequence();
                    Assert.Equal(JournalAppendResult.Appended, journal.Append(sequence, digest, payload, 0, payload.Length));
                    Assert.True(journal.Acknowledge(sequence));
                    highest = sequence;
                }
            }
        }

        [Fact]
        public void ChainHead_SurvivesReboot_AfterEveryMessageWasAcknowledgedAndErased()
        {
            VirtualFlash flash = JournalWorkload.NewFlash();
            MessageJournal journal = JournalWorkload.Mount(flash);
            JournalWorkload model = new JournalWorkload();
            for (int i = 0; i < 60; i++)
            {
                model.Append(journal, i);
                model.Acknowledge(journal, model.OldestPending());
            }

            Assert.Equal(0, journal.PendingCount);
            ulong last = model.Appended.Max;
            MessageJournal rebooted = JournalWorkload.Mount(flash);
            Assert.Equal(0, rebooted.PendingCount);
            Assert.Equal(-1, rebooted.FirstPending());
            Assert.Equal(last, rebooted.LastSequence);
            Assert.Equal(model.Digests[last], rebooted.GetLastDigest());
            Assert.True(rebooted.ResumeSequence >= model.MaxSequenceTaken);

            // Wear spreads over the blocks rather than hammering one.
            for (int block = 0; block < JournalWorkload.Blocks; block++)
            {
                Assert.True(flash.EraseCount(block) >= 1, "block " + block + " never used");
            }
        }

        [Fact]
        public void TornTail_IsSealed_AndLaterAppendsGoToAFreshSegment()
        {
            VirtualFlash flash = JournalWorkload.NewFlash();
            JournalWorkload model = new JournalWorkload();
            MessageJournal journal = JournalWorkload.Mount(flash);
            model.Append(journal, 0);
            flash.ArmPowerCut(30);
            Assert.Throws<PowerCutException>(() => model.Append(journal, 1));
            flash.PowerOn();

            MessageJournal rebooted = JournalWorkload.Mount(flash);
            Assert.Single(JournalWorkload.Pending(rebooted));
            model.Append(rebooted, 2);
            MessageJournal again = JournalWorkload.Mount(flash);
            List<(ulong Sequence, byte[] Payload, byte[] Digest)> pending = JournalWorkload.Pending(again);
            Assert.Equal(2, pending.Count);
            Assert.Equal(model.Payloads[pending[1].Sequence], pending[1].Payload);
        }
    }
}
