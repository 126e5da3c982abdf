using System;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Terminal
{
    /// <summary>
    /// The terminal's side of the NFC exchange (PROTOCOL.md §10): answers the wallet's command APDUs from the current
    /// sale of a <see cref="PaymentTerminal"/>. The PN532 adapter (card emulation) or the emulator's virtual NFC field
    /// hands each command to <see cref="Process"/> and sends back what it wrote.
    /// </summary>
    /// <remarks>
    /// The response buffer belongs to the caller and is reused, so answering allocates nothing except the
    /// authorization's four small arrays, which the terminal keeps for the submission anyway.
    /// </remarks>
    public sealed class NfcResponder
    {
        /// <summary>Largest response: the 243-byte intent envelope and the status word.</summary>
        public const int MaxResponseLength = Envelope.PaymentIntentSize + 2;

        private readonly PaymentTerminal _terminal;
        private readonly byte[] _aid = NfcApdu.Aid();
        private bool _selected;

        /// <summary>Creates a responder for <paramref name="terminal"/>.</summary>
        /// <param name="terminal">The terminal whose sale the wallet reads and authorizes.</param>
        public NfcResponder(PaymentTerminal terminal)
        {
            Guard.NotNull(terminal, nameof(terminal));
            _terminal = terminal;
        }

        /// <summary>Gets whether the application is selected in the current field session.</summary>
        public bool Selected
        {
            get { return _selected; }
        }

        /// <summary>Forgets the selection: call when the reader leaves the field (a new session must SELECT again).</summary>
        public void FieldLost()
        {
            _selected = false;
        }

        /// <summary>Answers one command APDU.</summary>
        /// <param name="command">The command: CLA INS P1 P2 [Lc data] [Le].</param>
        /// <param name="commandLength">How many bytes of <paramref name="command"/> are the command.</param>
        /// <param name="response">Receives the response data and status word; at least <see cref="MaxResponseLength"/> bytes.</param>
        /// <returns>The response length (data + 2).</returns>
        public int Process(byte[] command, int commandLength, byte[] response)
        {
            if (response == null || response.Length < MaxResponseLength)
            {
                throw new ArgumentException("response must hold MaxResponseLength bytes.");
            }

            if (command == null || commandLength < 4 || commandLength > command.Length)
            {
                return Status(response, 0, NfcApdu.SwWrongLength);
            }

            byte cla = command[0];
            byte ins = command[1];
            if (cla == NfcApdu.ClaIso && ins == NfcApdu.InsSelect)
            {
                return Select(command, commandLength, response);
            }

            if (cla == NfcApdu.ClaIso)
            {
                return Status(response, 0, NfcApdu.SwUnknownInstruction);
            }

            if (cla != NfcApdu.ClaProprietary)
            {
                return Status(response, 0, NfcApdu.SwUnknownClass);
            }

            if (ins != NfcApdu.InsGetIntent && ins != NfcApdu.InsPutAuthorization)
            {
                return Status(response, 0, NfcApdu.SwUnknownInstruction);
            }

            if (command[2] != 0 || command[3] != 0)
            {
                return Status(response, 0, NfcApdu.SwWrongP1P2);
            }

            if (!_selected)
            {
                return Status(response, 0, NfcApdu.SwNotReady);
            }

            return ins == NfcApdu.InsGetIntent ? GetIntent(commandLength, response) : PutAuthorization(command, commandLength, response);
        }

        private int Select(byte[] command, int length, byte[] response)
        {
            if (command[2] != NfcApdu.SelectByName || command[3] != NfcApdu.SelectFirst)
            {
                return Status(response, 0, NfcApdu.SwWrongP1P2);
            }

            // 00 A4 04 00 Lc AID [Le]
            if (length < 5 || command[4] == 0 || (length != 5 + command[4] && length != 6 + command[4]))
            {
                return Status(response, 0, NfcApdu.SwWrongLength);
            }

            if (command[4] != _aid.Length || !Equal(command, 5, _aid))
            {
                _selected = false;
                return Status(response, 0, NfcApdu.SwNotFound);
            }

            _selected = true;
            response[0] = NfcApdu.ExchangeVersion;
            return Status(response, 1, NfcApdu.SwOk);
        }

        private int GetIntent(int length, byte[] response)
        {
            // 80 E1 00 00 Le: a case-2 command, no data.
            if (length != 5)
            {
                return Status(response, 0, NfcApdu.SwWrongLength);
            }

            byte[]? envelope;
            if (!_terminal.TryPresentIntent(out envelope) || envelope == null)
            {
                return Status(response, 0, NfcApdu.SwNotReady);
            }

            Array.Copy(envelope, 0, response, 0, envelope.Length);
            return Status(response, envelope.Length, NfcApdu.SwOk);
        }

        private int PutAuthorization(byte[] command, int length, byte[] response)
        {
            // 80 E2 00 00 Lc=85 data(133) [Le], or Lc=B9 data(185) for a cross-border sale: a case-3 (or case-4) command.
            int lc = length < 5 ? -1 : command[4];
            if ((lc != NfcApdu.AuthorizationLength && lc != NfcApdu.CrossBorderAuthorizationLength) || (length != 5 + lc && length != 6 + lc))
            {
                return Status(response, 0, NfcApdu.SwWrongLength);
            }

            const int data = 5;
            byte[]? digest = _terminal.IntentDigest;
            if (digest == null || !_terminal.IsWaitingForCustomer)
            {
                return Status(response, 0, NfcApdu.SwNotReady);
            }

            if (!Equal(command, data, digest))
            {
                return Status(response, 0, NfcApdu.SwWrongIntent);
            }

            byte v = command[data + 68 + Envelope.SignatureSize - 1];
            if (v != 27 && v != 28)
            {
                return Status(response, 0, NfcApdu.SwBadData);
            }

            byte[] from = new byte[20];
            byte[] signature = new byte[Envelope.SignatureSize];
            Array.Copy(command, data + 32, from, 0, 20);
            ulong validAfter = BigEndian.ReadUInt64(command, data + 52);
            ulong validBefore = BigEndian.ReadUInt64(command, data + 60);
            Array.Copy(command, data + 68, signature, 0, Envelope.SignatureSize);
            bool submitted;
            if (lc == NfcApdu.CrossBorderAuthorizationLength)
            {
                byte[] payToken = new byte[20];
                byte[] maxInput = new byte[32];
                Array.Copy(command, data + NfcApdu.AuthorizationLength, payToken, 0, 20);
                Array.Copy(command, data + NfcApdu.AuthorizationLength + 20, maxInput, 0, 32);
                if (!_terminal.IsValidCrossBorder(payToken, maxInput))
                {
                    return Status(response, 0, NfcApdu.SwBadData);
                }

                submitted = _terminal.SubmitCrossBorderAuthorization(from, validAfter, validBefore, signature, payToken, maxInput);
            }
            else
            {
                submitted = _terminal.SubmitAuthorization(from, validAfter, validBefore, signature);
            }

            if (!submitted)
            {
                return Status(response, 0, NfcApdu.SwNotReady);
            }

            return Status(response, 0, NfcApdu.SwOk);
        }

        private static bool Equal(byte[] buffer, int offset, byte[] expected)
        {
            if (buffer.Length - offset < expected.Length)
            {
                return false;
            }

            for (int i = 0; i < expected.Length; i++)
            {
                if (buffer[offset + i] != expected[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int Status(byte[] response, int dataLength, int statusWord)
        {
            response[dataLength] = (byte)(statusWord >> 8);
            response[dataLength + 1] = (byte)statusWord;
            return dataLength + 2;
        }
    }
}
