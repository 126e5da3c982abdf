using System;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Journal;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Station
{
    /// <summary>
    /// The station on the flash journal: every observation goes to flash before it is published, the RAM outbox
    /// becomes a window onto the journal's oldest pending messages, and acknowledgements remove from both.
    /// </summary>
    public sealed partial class SensorStation
    {
        private MessageJournal? _journal;
        private byte[]? _journalBuffer;
        private ulong _lastLoadedSequence;

        /// <summary>Gets the attached journal, or <c>null</c> when the outbox lives in RAM only.</summary>
        public MessageJournal? Journal
        {
            get { return _journal; }
        }

        /// <summary>Gets how many windows were not signed because the journal had no room (also counted in <see cref="DroppedCount"/>).</summary>
        public int JournalFullCount { get; private set; }

        /// <summary>
        /// Puts the outbox on <paramref name="journal"/>: loads the messages it still holds (from before a reboot) into
        /// the outbox, oldest first, to be re-sent; from now on a window's observation is signed only if the journal has
        /// room, is written to flash before it is published, and leaves flash on the gateway's final answer. The
        /// outbox then holds up to its capacity of the oldest pending messages; the rest wait on flash and move up as
        /// answers arrive. Attach before the first <see cref="Poll"/>.
        /// </summary>
        /// <param name="journal">The mounted journal. The signer's chain must resume from it:
        /// <c>new MessageChain(journal.ResumeSequence, journal.GetLastDigest())</c>.</param>
        /// <returns>How many pending messages the journal held.</returns>
        /// <exception cref="ArgumentException">The signer's chain is behind the journal (it would reuse sequences).</exception>
        public int AttachJournal(MessageJournal journal)
        {
            Guard.NotNull(journal, nameof(journal));
            if (_journal != null || _outbox.Count != 0)
            {
                throw new InvalidOperationException("Attach the journal once, before anything is signed.");
            }

            if (_signer.Chain.LastSequence < journal.LastSequence)
            {
                throw new ArgumentException("The signer's chain is behind the journal; resume it from journal.ResumeSequence and GetLastDigest().");
            }

            _journal = journal;
            _journalBuffer = new byte[journal.MaxPayloadLength];
            LoadFromJournal();
            return journal.PendingCount;
        }

        /// <returns><c>false</c> if the journal cannot take the next message (the window is then dropped and counted).</returns>
        private bool JournalHasRoom()
        {
            MessageJournal? journal = _journal;
            if (journal == null)
            {
                return !_outbox.IsFull;
            }

            if (journal.HasRoomFor(Envelope.ObservationSize) && journal.Reserve(_signer.Chain.LastSequence + 1))
            {
                return true;
            }

            JournalFullCount++;
            return false;
        }

        private void Store(SignedMessage message)
        {
            MessageJournal? journal = _journal;
            if (journal == null)
            {
                _outbox.TryAdd(message);
                return;
            }

            // JournalHasRoom checked the room and the reservation just before signing, so this appends.
            journal.Append(message.Sequence, message.Digest, message.Envelope, 0, message.Envelope.Length);
            LoadFromJournal();
        }

        private void Forget(SignedMessage message)
        {
            MessageJournal? journal = _journal;
            if (journal != null)
            {
                journal.Acknowledge(message.Sequence);
                LoadFromJournal();
            }
        }

        /// <summary>Moves the oldest pending messages not yet in the outbox into it, in sequence order, until it is full.</summary>
        private void LoadFromJournal()
        {
            MessageJournal? journal = _journal;
            byte[]? buffer = _journalBuffer;
            if (journal == null || buffer == null)
            {
                return;
            }

            for (int h = journal.FirstPending(); h >= 0 && !_outbox.IsFull; h = journal.NextPending(h))
            {
                ulong sequence = journal.SequenceAt(h);
                if (sequence <= _lastLoadedSequence)
                {
                    continue;
                }

                int length = journal.ReadPayload(h, buffer, 0);
                byte[] envelope = new byte[length];
                Array.Copy(buffer, 0, envelope, 0, length);
                byte[] digest = new byte[32];
                journal.ReadDigest(h, digest, 0);
                _outbox.TryAdd(new SignedMessage(MessageKinds.Observation, sequence, digest, envelope));
                _lastLoadedSequence = sequence;
            }
        }
    }
}
