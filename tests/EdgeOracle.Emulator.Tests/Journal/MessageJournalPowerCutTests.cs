using System;
using System.Collections.Generic;
using EdgeOracle.Emulator.Storage;
using EdgeOracle.Firmware.Core.Journal;
using Xunit.Abstractions;

namespace EdgeOracle.Emulator.Tests.Journal
{
    /// <summary>
    /// Cuts the power at every step (every programmed byte and every erase) of the last operations of a workload
    /// that appends, acknowledges, rolls into new segments and frees old ones, then mounts again and checks that
    /// no complete record was lost and no torn record came back.
    /// </summary>
    public sealed class MessageJournalPowerCutTests
    {
        private const int Prefix = 14;
        private const int Tail = 12;
        private readonly ITestOutputHelper output;

        public MessageJournalPowerCutTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public void PowerCut_AtEveryByteOfTheLastRecords_LosesNoCompleteRecord_AndReturnsNoTornOne()
        {
            VirtualFlash flash = Prepare(out JournalWorkload prefix, out byte[] snapshot, out long steps);

            for (long cut = 0; cut <= steps; cut++)
            {
                flash.Restore(snapshot);
                JournalWorkload model = Clone(prefix);
                MessageJournal beforeCut = JournalWorkload.Mount(flash);
                flash.ArmPowerCut(cut);
                bool wasCut = false;
                try
                {
                    RunTail(beforeCut, model);
                }
                catch (PowerCutException)
                {
                    wasCut = true;
                }

                Assert.Equal(cut < steps, wasCut);
                flash.PowerOn();
                MessageJournal after = JournalWorkload.Mount(flash);
                Check(after, model, cut);

                // The recovered journal keeps working: append one more and read it back after another reboot.
                JournalWorkload.Make(999, out byte[] payload, out byte[] digest);
                ulong sequence = after.TakeSequence();
                Assert.True(sequence > model.MaxSequenceTaken, "sequence " + sequence + " reused after cut " + cut);
                Assert.Equal(JournalAppendResult.Appended, after.Append(sequence, digest, payload, 0, payload.Length));
                MessageJournal again = JournalWorkload.Mount(flash);
                Assert.Equal(sequence, again.LastSequence);
                Assert.Equal(digest, again.GetLastDigest());
            }

            output.WriteLine("cut at each of " + (steps + 1) + " steps of the last " + Tail + " operations");
        }

        [Fact]
        public void PowerCut_DuringTheRecoveryMountItself_StillLosesNothing()
        {
            VirtualFlash flash = Prepare(out JournalWorkload prefix, out byte[] snapshot, out long steps);
            int doubleCuts = 0;

            // Every 13th first cut, then a second cut at every step the recovering mount writes.
            for (long cut = 0; cut < steps; cut += 13)
            {
                for (long second = 0; ; second++)
                {
                    flash.Restore(snapshot);
                    JournalWorkload model = Clone(prefix);
                    MessageJournal beforeCut = JournalWorkload.Mount(flash);
                    flash.ArmPowerCut(cut);
                    Assert.Throws<PowerCutException>(() => RunTail(beforeCut, model));
                    flash.PowerOn();
                    flash.ArmPowerCut(second);
                    bool recoveryCut = false;
                    try
                    {
                        JournalWorkload.Mount(flash);
                    }
                    catch (PowerCutException)
                    {
                        recoveryCut = true;
                        doubleCuts++;
                    }

                    flash.PowerOn();
                    Check(JournalWorkload.Mount(flash), model, cut);
                    if (!recoveryCut)
                    {
                        break;
                    }
                }
            }

            Assert.True(doubleCuts > 100, "too few double cuts: " + doubleCuts);
            output.WriteLine(doubleCuts + " cuts during recovery mounts");
        }

        // Writes the prefix workload, snapshots the flash, and measures the tail's steps once without a cut.
        private static VirtualFlash Prepare(out JournalWorkload prefix, out byte[] snapshot, out long steps)
        {
            VirtualFlash flash = JournalWorkload.NewFlash();
            prefix = new JournalWorkload();
            MessageJournal journal = JournalWorkload.Mount(flash);
            for (int i = 0; i < Prefix; i++)
            {
                prefix.Append(journal, i);
                if (i % 2 == 1)
                {
                    prefix.Acknowledge(journal, prefix.OldestPending());
                }
            }

            snapshot = flash.Snapshot();
            MessageJournal uncut = JournalWorkload.Mount(flash);
            flash.ArmPowerCut(-1);
            long erasesBefore = TotalErases(flash);
            RunTail(uncut, Clone(prefix));
            steps = flash.Steps;
            Assert.True(steps > 1000, "tail too short to mean anything: " + steps);
            Assert.True(TotalErases(flash) - erasesBefore >= 2, "the tail should free and reopen segments");
            return flash;
        }

        private static void Check(MessageJournal journal, JournalWorkload model, long cut)
        {
            List<(ulong Sequence, byte[] Payload, byte[] Digest)> pending = JournalWorkload.Pending(journal);
            HashSet<ulong> present = new();
            ulong previous = 0;
            foreach ((ulong sequence, byte[] payload, byte[] digest) in pending)
            {
                Assert.True(sequence > previous, "out of order after cut " + cut);
                previous = sequence;
                present.Add(sequence);

                // Only whole records come back: appended ones, or the one being written if it completed.
                Assert.True(model.Appended.Contains(sequence) || sequence == model.InFlight, "unknown record " + sequence + " after cut " + cut);
                Assert.Equal(model.Payloads[sequence], payload);
                Assert.Equal(model.Digests[sequence], digest);
                Assert.False(model.Acknowledged.Contains(sequence), "acknowledged " + sequence + " came back after cut " + cut);
            }

            foreach (ulong sequence in model.Appended)
            {
                // The message whose acknowledgement was being written may be gone: the broker did acknowledge it.
                if (!model.Acknowledged.Contains(sequence) && sequence != model.AckInFlight)
                {
                    Assert.True(present.Contains(sequence), "lost " + sequence + " after cut " + cut);
                }
            }

            // The chain head is the last message that made it to flash (or a later reserved position's digest).
            ulong last = present.Contains(model.InFlight) ? model.InFlight : model.Appended.Max;
            Assert.Equal(last, journal.LastSequence);
            Assert.Equal(model.Digests[last], journal.GetLastDigest());
            Assert.True(journal.ResumeSequence >= model.MaxSequenceTaken, "resume " + journal.ResumeSequence + " below " + model.MaxSequenceTaken + " after cut " + cut);
        }

        private static void RunTail(MessageJournal journal, JournalWorkload model)
        {
            for (int i = 0; i < Tail; i++)
            {
                model.Append(journal, Prefix + i);
                if (i % 3 != 0)
                {
                    model.Acknowledge(journal, model.OldestPending());
                }
            }
        }

        private static long TotalErases(VirtualFlash flash)
        {
            long total = 0;
            for (int block = 0; block < JournalWorkload.Blocks; block++)
            {
                total += flash.EraseCount(block);
            }

            return total;
        }

        private static JournalWorkload Clone(JournalWorkload source)
        {
            JournalWorkload copy = new JournalWorkload { MaxSequenceTaken = source.MaxSequenceTaken };
            foreach (KeyValuePair<ulong, byte[]> pair in source.Payloads)
            {
                copy.Payloads[pair.Key] = pair.Value;
            }

            foreach (KeyValuePair<ulong, byte[]> pair in source.Digests)
            {
                copy.Digests[pair.Key] = pair.Value;
            }

            copy.Appended.UnionWith(source.Appended);
            copy.Acknowledged.UnionWith(source.Acknowledged);
            return copy;
        }
    }
}
