using System;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Terminal
{
    /// <summary>
    /// Drives the terminal's display and buzzer from its state changes: the amount and a prompt while the sale is
    /// open, the outcome with one beep for approved and two for declined or timed out.
    /// </summary>
    public sealed class TerminalFeedback
    {
        /// <summary>Length of one beep, milliseconds.</summary>
        public const int BeepMilliseconds = 120;

        private readonly PaymentTerminal _terminal;
        private readonly ITerminalDisplay _display;
        private readonly IBuzzer _buzzer;
        private readonly int _decimals;
        private readonly string _currency;

        /// <summary>Attaches feedback to <paramref name="terminal"/> and shows the idle screen.</summary>
        /// <param name="terminal">The terminal whose states are shown.</param>
        /// <param name="display">The display port.</param>
        /// <param name="buzzer">The buzzer port.</param>
        /// <param name="decimals">The token's decimals (6 for the test USD).</param>
        /// <param name="currency">The currency label, e.g. "USD".</param>
        public TerminalFeedback(PaymentTerminal terminal, ITerminalDisplay display, IBuzzer buzzer, int decimals, string currency)
        {
            Guard.NotNull(terminal, nameof(terminal));
            Guard.NotNull(display, nameof(display));
            Guard.NotNull(buzzer, nameof(buzzer));
            Guard.NotNull(currency, nameof(currency));
            if (decimals < 0 || decimals > 18)
            {
                throw new ArgumentOutOfRangeException(nameof(decimals));
            }

            _terminal = terminal;
            _display = display;
            _buzzer = buzzer;
            _decimals = decimals;
            _currency = currency;
            terminal.StateChanged += OnStateChanged;
            Show(terminal.State);
        }

        /// <summary>
        /// Formats minor units for the display with at most two decimals shown, truncating (a price in a 6-decimal
        /// token is a whole cent in practice): 12 500 000 at 6 decimals is "12.50".
        /// </summary>
        /// <param name="minorUnits">The amount in the token's minor units.</param>
        /// <param name="decimals">The token's decimals.</param>
        /// <returns>The amount as text.</returns>
        public static string FormatAmount(ulong minorUnits, int decimals)
        {
            ulong scale = 1;
            for (int i = 0; i < decimals; i++)
            {
                scale *= 10;
            }

            ulong whole = minorUnits / scale;
            ulong fraction = minorUnits % scale;
            if (decimals == 0)
            {
                return whole.ToString();
            }

            int shown = decimals < 2 ? decimals : 2;
            for (int i = shown; i < decimals; i++)
            {
                fraction /= 10;
            }

            string digits = fraction.ToString();
            while (digits.Length < shown)
            {
                digits = "0" + digits;
            }

            return whole.ToString() + "." + digits;
        }

        private void OnStateChanged(PaymentTerminal terminal, TerminalState previous, TerminalState current)
        {
            Show(current);
            if (current == TerminalState.Approved)
            {
                _buzzer.Beep(1, BeepMilliseconds);
            }
            else if (current == TerminalState.Declined || current == TerminalState.TimedOut)
            {
                _buzzer.Beep(2, BeepMilliseconds);
            }
        }

        private void Show(TerminalState state)
        {
            string amount = FormatAmount(_terminal.Amount, _decimals) + " " + _currency;
            switch (state)
            {
                case TerminalState.Amount:
                    _display.Show(amount, "Confirm?");
                    break;
                case TerminalState.IntentSigned:
                    _display.Show(amount, "Tap to pay");
                    break;
                case TerminalState.WaitingForCustomer:
                    _display.Show(amount, "Confirm on phone");
                    break;
                case TerminalState.Submitted:
                    _display.Show(amount, "Processing...");
                    break;
                case TerminalState.Approved:
                    _display.Show(amount, "Approved");
                    break;
                case TerminalState.Declined:
                    _display.Show(amount, "Declined: " + ReasonCodes.Name(_terminal.LastReason));
                    break;
                case TerminalState.TimedOut:
                    _display.Show(amount, "Timed out");
                    break;
                default:
                    _display.Show("EdgeOracle", "Ready");
                    break;
            }
        }
    }
}
