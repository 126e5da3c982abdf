using System;

namespace EdgeOracle.Emulator.Nfc
{
    /// <summary>The terminal answered an APDU of the NFC exchange with a status word other than 9000.</summary>
    public sealed class NfcExchangeException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="step">Which command failed (SELECT, GET-INTENT, PUT-AUTHORIZATION).</param>
        /// <param name="statusWord">The status word the terminal returned.</param>
        public NfcExchangeException(string step, int statusWord)
            : base($"{step} was answered with SW {statusWord:X4}.")
        {
            Step = step;
            StatusWord = statusWord;
        }

        /// <summary>Gets the command that failed.</summary>
        public string Step { get; }

        /// <summary>Gets the status word.</summary>
        public int StatusWord { get; }
    }
}
