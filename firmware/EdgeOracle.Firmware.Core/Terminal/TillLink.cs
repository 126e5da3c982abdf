using System;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Firmware.Core.Terminal
{
    /// <summary>
    /// The link to the shop's till (cash register) over a serial line: where a terminal's amounts come from. The till
    /// sends ASCII lines ending in "\n"; the terminal answers each one and reports how every sale ended.
    /// <code>
    /// till → terminal   SALE &lt;amount&gt; &lt;receipt&gt;   amount in the token's minor units (decimal, 1 … 2^64−1),
    ///                                                 receipt 1–32 characters of A–Z a–z 0–9 - _ .
    ///                   CANCEL                          abandon the sale before the customer paid
    /// terminal → till   OK &lt;receipt&gt;       the intent is signed and offered over NFC
    ///                   BUSY                 a sale is already open
    ///                   ERR &lt;what&gt;          the line was not understood (the sale did not start)
    ///                   APPROVED &lt;receipt&gt; / DECLINED &lt;receipt&gt; &lt;reason&gt; / TIMEOUT &lt;receipt&gt; / CANCELLED &lt;receipt&gt;
    /// </code>
    /// The order reference signed into the intent is keccak256 of the receipt's bytes. Bytes are fed one at a time
    /// from the UART; nothing here allocates per byte, and bad input is answered, never thrown.
    /// </summary>
    public sealed class TillLink
    {
        /// <summary>The longest line accepted (longer lines are answered "ERR too long").</summary>
        public const int MaxLineLength = 64;

        /// <summary>The longest receipt number.</summary>
        public const int MaxReceiptLength = 32;

        private readonly PaymentTerminal _terminal;
        private readonly ILineOutput _output;
        private readonly byte[] _line = new byte[MaxLineLength];
        private int _length;
        private bool _overflow;
        private string _receipt = string.Empty;
        private bool _saleOpen;

        /// <summary>Connects a till to <paramref name="terminal"/>; answers go to <paramref name="output"/>.</summary>
        public TillLink(PaymentTerminal terminal, ILineOutput output)
        {
            if (terminal == null || output == null)
            {
                throw new ArgumentNullException(terminal == null ? "terminal" : "output");
            }

            _terminal = terminal;
            _output = output;
            _terminal.StateChanged += OnStateChanged;
        }

        /// <summary>Lines the till sent that were refused with ERR or BUSY.</summary>
        public int RefusedLineCount { get; private set; }

        /// <summary>Feeds bytes read from the serial line; complete lines are acted on at once.</summary>
        public void Feed(byte[] data, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                byte b = data[i];
                if (b == (byte)'\n')
                {
                    if (_overflow)
                    {
                        Refuse("ERR too long");
                    }
                    else
                    {
                        Execute();
                    }

                    _length = 0;
                    _overflow = false;
                }
                else if (b != (byte)'\r')
                {
                    if (_length < MaxLineLength)
                    {
                        _line[_length++] = b;
                    }
                    else
                    {
                        _overflow = true;
                    }
                }
            }
        }

        private void Execute()
        {
            int firstSpace = IndexOf((byte)' ', 0);
            int verbEnd = firstSpace < 0 ? _length : firstSpace;
            if (Is("CANCEL", 0, verbEnd) && firstSpace < 0)
            {
                if (!_terminal.Cancel())
                {
                    Refuse("ERR nothing to cancel");
                }

                return;
            }

            if (!Is("SALE", 0, verbEnd) || firstSpace < 0)
            {
                Refuse("ERR unknown command");
                return;
            }

            int secondSpace = IndexOf((byte)' ', firstSpace + 1);
            if (secondSpace < 0 || IndexOf((byte)' ', secondSpace + 1) >= 0)
            {
                Refuse("ERR expected SALE <amount> <receipt>");
                return;
            }

            ulong amount;
            if (!TryParseAmount(firstSpace + 1, secondSpace, out amount))
            {
                Refuse("ERR bad amount");
                return;
            }

            int receiptLength = _length - secondSpace - 1;
            if (receiptLength < 1 || receiptLength > MaxReceiptLength || !IsReceipt(secondSpace + 1, _length))
            {
                Refuse("ERR bad receipt");
                return;
            }

            if (_saleOpen || _terminal.IsWaitingForCustomer || _terminal.State == TerminalState.Submitted)
            {
                Refuse("BUSY");
                return;
            }

            byte[] receiptBytes = new byte[receiptLength];
            Array.Copy(_line, secondSpace + 1, receiptBytes, 0, receiptLength);
            string receipt = Ascii(receiptBytes);
            try
            {
                _terminal.EnterAmount(amount);
                _receipt = receipt;
                _saleOpen = true;
                _terminal.Confirm(Keccak256.Hash(receiptBytes));
            }
            catch (InvalidOperationException ex)
            {
                // Clock not set or the void queue is full: the till hears why, the sale did not start.
                _saleOpen = false;
                _terminal.Cancel();
                Refuse("ERR " + ex.Message);
                return;
            }

            _output.WriteLine("OK " + receipt);
        }

        private void OnStateChanged(PaymentTerminal terminal, TerminalState previous, TerminalState current)
        {
            if (!_saleOpen)
            {
                return;
            }

            string? outcome = null;
            if (current == TerminalState.Approved)
            {
                outcome = "APPROVED " + _receipt;
            }
            else if (current == TerminalState.Declined)
            {
                outcome = "DECLINED " + _receipt + " " + EdgeOracle.Firmware.Core.Protocol.ReasonCodes.Name(terminal.LastReason);
            }
            else if (current == TerminalState.TimedOut)
            {
                outcome = "TIMEOUT " + _receipt;
            }
            else if (current == TerminalState.Idle && previous != TerminalState.Amount)
            {
                outcome = "CANCELLED " + _receipt;
            }

            if (outcome != null)
            {
                _saleOpen = false;
                _output.WriteLine(outcome);
            }
        }

        private void Refuse(string answer)
        {
            RefusedLineCount++;
            _output.WriteLine(answer);
        }

        private bool TryParseAmount(int start, int end, out ulong amount)
        {
            amount = 0;
            if (end <= start || end - start > 20)
            {
                return false;
            }

            for (int i = start; i < end; i++)
            {
                byte c = _line[i];
                if (c < (byte)'0' || c > (byte)'9')
                {
                    return false;
                }

                ulong digit = (ulong)(c - (byte)'0');
                if (amount > (ulong.MaxValue - digit) / 10)
                {
                    return false;
                }

                amount = amount * 10 + digit;
            }

            return amount > 0;
        }

        private bool IsReceipt(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                byte c = _line[i];
                bool ok = (c >= (byte)'A' && c <= (byte)'Z') || (c >= (byte)'a' && c <= (byte)'z') ||
                          (c >= (byte)'0' && c <= (byte)'9') || c == (byte)'-' || c == (byte)'_' || c == (byte)'.';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private int IndexOf(byte value, int from)
        {
            for (int i = from; i < _length; i++)
            {
                if (_line[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }

        private bool Is(string word, int start, int end)
        {
            if (end - start != word.Length)
            {
                return false;
            }

            for (int i = 0; i < word.Length; i++)
            {
                if (_line[start + i] != (byte)word[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static string Ascii(byte[] bytes)
        {
            char[] chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }
    }
}
