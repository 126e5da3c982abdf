namespace EdgeOracle.Firmware.Core.Journal
{
    /// <summary>What <see cref="MessageJournal.Append"/> did with a message.</summary>
    public enum JournalAppendResult
    {
        /// <summary>The message is on flash and will be replayed until acknowledged.</summary>
        Appended = 0,

        /// <summary>
        /// Refused: the journal is full of unacknowledged messages (or its RAM index is). Nothing older was
        /// dropped to make room; the refusal is counted in <see cref="MessageJournal.RefusedAppends"/>.
        /// </summary>
        Full = 1,

        /// <summary>Refused: the record would not fit in one erase block, whatever the journal holds.</summary>
        TooLarge = 2,
    }
}
