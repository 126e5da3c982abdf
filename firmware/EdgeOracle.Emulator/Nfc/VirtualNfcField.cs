using System;
using System.IO;
using EdgeOracle.Firmware.Core.Terminal;

namespace EdgeOracle.Emulator.Nfc
{
    /// <summary>
    /// The RF field between the terminal's PN532 (emulating an ISO-DEP card) and a customer's phone (the reader): a
    /// wallet that taps exchanges command and response APDUs with the terminal's <see cref="NfcResponder"/>
    /// (PROTOCOL.md §10). Faults: the phone can be pulled away after a number of APDUs.
    /// </summary>
    public sealed class VirtualNfcField
    {
        private readonly NfcResponder _card;
        private readonly byte[] _response = new byte[NfcResponder.MaxResponseLength];
        private readonly object _gate = new();
        private int _remainingBeforeLoss = -1;

        /// <summary>Creates a field powered by the terminal whose responder answers.</summary>
        /// <param name="card">The terminal's APDU responder.</param>
        public VirtualNfcField(NfcResponder card)
        {
            _card = card ?? throw new ArgumentNullException(nameof(card));
        }

        /// <summary>Gets how many APDUs crossed the field.</summary>
        public int ApduCount { get; private set; }

        /// <summary>Makes the phone leave the field after <paramref name="apdus"/> more exchanges (a hurried customer).</summary>
        /// <param name="apdus">APDUs that still get through; 0 loses the very next one.</param>
        public void LoseAfter(int apdus)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(apdus);
            _remainingBeforeLoss = apdus;
        }

        /// <summary>A phone enters the field: the card's selection state starts fresh.</summary>
        public void Enter()
        {
            lock (_gate)
            {
                _card.FieldLost();
            }
        }

        /// <summary>The phone leaves the field.</summary>
        public void Leave()
        {
            lock (_gate)
            {
                _card.FieldLost();
            }
        }

        /// <summary>Sends one command APDU and returns the response (data ‖ SW1 SW2).</summary>
        /// <param name="command">The command APDU.</param>
        /// <returns>The response APDU.</returns>
        /// <exception cref="IOException">The phone left the field (tag lost).</exception>
        public byte[] Transceive(byte[] command)
        {
            ArgumentNullException.ThrowIfNull(command);
            lock (_gate)
            {
                if (_remainingBeforeLoss == 0)
                {
                    _remainingBeforeLoss = -1;
                    _card.FieldLost();
                    throw new IOException("The phone left the NFC field (tag lost).");
                }

                if (_remainingBeforeLoss > 0)
                {
                    _remainingBeforeLoss--;
                }

                ApduCount++;
                int length = _card.Process(command, command.Length, _response);
                return _response.AsSpan(0, length).ToArray();
            }
        }
    }
}
