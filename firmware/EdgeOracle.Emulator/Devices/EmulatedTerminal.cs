using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Hardware;
using EdgeOracle.Emulator.Mqtt;
using EdgeOracle.Emulator.Nfc;
using EdgeOracle.Emulator.Scenarios;
using EdgeOracle.Emulator.Ui;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Emulator.Wallet;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Terminal;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>
    /// A point-of-sale terminal on a PC: the firmware core's <see cref="PaymentTerminal"/> over MQTT, its
    /// <see cref="NfcResponder"/> behind a <see cref="VirtualNfcField"/> that the customer's <see cref="CustomerWallet"/>
    /// taps (PROTOCOL.md §10), and a virtual display and buzzer driven by the core's <see cref="TerminalFeedback"/>.
    /// </summary>
    public sealed class EmulatedTerminal : IAsyncDisposable
    {
        private readonly EmulatedTerminalOptions _options;
        private readonly IClock _clock;
        private readonly SemaphoreSlim _hostLoop = new(1, 1);

        private EmulatedTerminal(EmulatedTerminalOptions options)
        {
            _options = options;
            _clock = options.Clock ?? new SystemClock();
            DeviceIdentity identity = options.CreateIdentity();
            Address = identity.AddressHex;
            PaymentTerminalConfig config = new(Hex.Decode(options.Merchant), Hex.Decode(options.Token))
            {
                IntentLifetimeSeconds = options.IntentLifetimeSeconds,
                SubmitTimeoutMilliseconds = (int)options.AckTimeout.TotalMilliseconds,
            };
            Transport = new MqttTransport(Address, options.Mqtt);
            Terminal = new PaymentTerminal(options.CreateSigner(identity), Address, _clock, Transport, config);
            Transport.AckSink = Terminal;
            Nfc = new NfcResponder(Terminal);
            Field = new VirtualNfcField(Nfc);
            PinMap = PosTerminalPinMap.LoadEmbedded();
            Display = new VirtualDisplay();
            Buzzer = new VirtualBuzzer();
            Feedback = new TerminalFeedback(Terminal, Display, Buzzer, options.TokenDecimals, options.CurrencyLabel);
            Terminal.StateChanged += (_, _, state) => Progress?.Invoke(this, new TerminalProgress(
                state,
                DateTimeOffset.FromUnixTimeSeconds((long)_clock.GetUnixTimeSeconds()),
                Describe(state)));
        }

        /// <summary>Raised on every state change of the terminal, for a CLI to print.</summary>
        public event EventHandler<TerminalProgress>? Progress;

        /// <summary>Gets the terminal's address, lower-case <c>0x</c> hex.</summary>
        public string Address { get; }

        /// <summary>Gets the firmware's terminal state machine.</summary>
        public PaymentTerminal Terminal { get; }

        /// <summary>Gets the terminal's NFC application (the card side of the exchange).</summary>
        public NfcResponder Nfc { get; }

        /// <summary>Gets the NFC field customers tap their wallets on.</summary>
        public VirtualNfcField Field { get; }

        /// <summary>Gets the board's pin map (<c>hardware/pos-terminal/pinmap.json</c>).</summary>
        public PosTerminalPinMap PinMap { get; }

        /// <summary>Gets the virtual SSD1306.</summary>
        public VirtualDisplay Display { get; }

        /// <summary>Gets the virtual buzzer.</summary>
        public VirtualBuzzer Buzzer { get; }

        /// <summary>Gets the display and buzzer driver.</summary>
        public TerminalFeedback Feedback { get; }

        /// <summary>Gets the MQTT transport.</summary>
        public MqttTransport Transport { get; }

        /// <summary>Creates the terminal and connects it to the broker.</summary>
        /// <param name="options">Key, deployment, merchant, token and broker.</param>
        /// <param name="cancellationToken">Cancels connecting.</param>
        /// <returns>The running terminal.</returns>
        public static async Task<EmulatedTerminal> StartAsync(EmulatedTerminalOptions options, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(options);
            EmulatedTerminal terminal = new(options);
            return await HostLoop.StartAsync(terminal, terminal.Transport, static () => { }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Returns the order reference for a receipt number: keccak256 of its UTF-8 bytes.</summary>
        /// <param name="receiptNumber">The merchant's receipt number.</param>
        /// <returns>32 bytes.</returns>
        public static byte[] OrderRefFor(string receiptNumber) => Keccak256.Hash(Encoding.UTF8.GetBytes(receiptNumber));

        /// <summary>
        /// Sells for <paramref name="amount"/>: signs the intent, lets <paramref name="wallet"/> tap the NFC field (SELECT,
        /// GET-INTENT, PUT-AUTHORIZATION), publishes the submission and waits for the gateway's answer. If the wallet
        /// refuses or the tap fails, the sale is cancelled (its intent becomes a void) and the error is rethrown.
        /// </summary>
        /// <param name="amount">The price in the token's minor units (12.50 USD at 6 decimals is 12 500 000).</param>
        /// <param name="orderRef">The 32-byte order reference (see <see cref="OrderRefFor"/>).</param>
        /// <param name="wallet">The customer's wallet.</param>
        /// <param name="cancellationToken">Stops waiting.</param>
        /// <returns>The outcome: Approved, Declined (with the reason) or TimedOut; see <see cref="SaleResult.EnsureApproved"/>.</returns>
        public async Task<SaleResult> SellAsync(ulong amount, byte[] orderRef, CustomerWallet wallet, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(wallet);
            await _hostLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                SignedMessage intent = Terminal.BeginSale(amount, orderRef);
                CustomerAuthorization authorization;
                try
                {
                    authorization = wallet.Tap(Field);
                }
                catch
                {
                    Terminal.Cancel();
                    throw;
                }

                if (Terminal.State == TerminalState.Submitted)
                {
                    // The terminal resolves itself (its submit timeout equals AckTimeout); the margin only guards a stuck loop.
                    await HostLoop.PollUntilAsync(
                        Transport,
                        Terminal.Poll,
                        () => Terminal.State != TerminalState.Submitted,
                        _options.AckTimeout + TimeSpan.FromSeconds(5),
                        () => $"Terminal {Address} is still waiting for an answer to intent #{intent.Sequence} on {Transport.AckTopic}.",
                        cancellationToken).ConfigureAwait(false);
                }

                return new SaleResult(
                    Terminal.State,
                    Terminal.HasAnswer ? Terminal.LastReason : null,
                    intent.Sequence,
                    intent.Digest,
                    intent.Envelope,
                    Terminal.Submission,
                    authorization.From,
                    Terminal.Topic);
            }
            finally
            {
                _hostLoop.Release();
            }
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            await Transport.DisposeAsync().ConfigureAwait(false);
            _hostLoop.Dispose();
        }

        /// <summary>
        /// A sale the customer never completes: signs the intent, then cancels it (the cashier pressed cancel), so the
        /// intent is published as a void; waits until the gateway acknowledged the void.
        /// </summary>
        /// <param name="amount">The price in minor units.</param>
        /// <param name="orderRef">The 32-byte order reference.</param>
        /// <param name="cancellationToken">Stops waiting.</param>
        /// <returns>The voided intent and the gateway's reason for it.</returns>
        public async Task<(SignedMessage Intent, byte Reason)> CancelledSaleAsync(ulong amount, byte[] orderRef, CancellationToken cancellationToken = default)
        {
            await _hostLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                SignedMessage intent = Terminal.BeginSale(amount, orderRef);
                int answeredBefore = Terminal.VoidsAcknowledgedCount + Terminal.VoidsRejectedCount;
                Terminal.Cancel();
                await HostLoop.PollUntilAsync(
                    Transport,
                    Terminal.Poll,
                    () => Terminal.VoidsAcknowledgedCount + Terminal.VoidsRejectedCount > answeredBefore,
                    _options.AckTimeout,
                    () => $"Terminal {Address} published void #{intent.Sequence} but no answer arrived on {Transport.AckTopic}.",
                    cancellationToken).ConfigureAwait(false);
                return (intent, Terminal.LastVoidReason);
            }
            finally
            {
                _hostLoop.Release();
            }
        }

        /// <summary>
        /// Plays a scenario's sales in order: a <see cref="CustomerAction.Tap"/> sale is sold to <paramref name="wallet"/>
        /// over the NFC field, a <see cref="CustomerAction.Cancel"/> sale is signed and cancelled (a void).
        /// </summary>
        /// <param name="scenario">The scenario; its <see cref="Scenario.Sales"/> are played.</param>
        /// <param name="wallet">The paying customer.</param>
        /// <param name="cancellationToken">Stops waiting.</param>
        /// <returns>One line per sale: the receipt, the action and the outcome.</returns>
        public async Task<System.Collections.Generic.IReadOnlyList<string>> RunSalesAsync(Scenario scenario, CustomerWallet wallet, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(scenario);
            System.Collections.Generic.List<string> outcomes = new(scenario.Sales.Count);
            foreach (ScenarioSale sale in scenario.Sales)
            {
                ulong amount = ulong.Parse(sale.Amount, System.Globalization.CultureInfo.InvariantCulture);
                if (sale.Customer == CustomerAction.Tap)
                {
                    SaleResult result = await SellAsync(amount, OrderRefFor(sale.Receipt), wallet, cancellationToken).ConfigureAwait(false);
                    outcomes.Add($"{sale.Receipt} tap: {result.State}" + (result.Reason is byte r ? $" ({ReasonCodes.Name(r)})" : string.Empty));
                }
                else
                {
                    (SignedMessage intent, byte reason) = await CancelledSaleAsync(amount, OrderRefFor(sale.Receipt), cancellationToken).ConfigureAwait(false);
                    outcomes.Add($"{sale.Receipt} cancel: void #{intent.Sequence} answered {ReasonCodes.Name(reason)}");
                }
            }

            return outcomes;
        }

        private string Describe(TerminalState state) => state switch
        {
            TerminalState.Amount => $"amount entered: {Terminal.Amount}",
            TerminalState.WaitingForCustomer => "a wallet read the intent over NFC; waiting for its authorization",
            TerminalState.IntentSigned => $"intent #{Terminal.Intent?.Sequence} signed; waiting for the customer (expires {Terminal.IntentExpiry})",
            TerminalState.Submitted => $"customer authorized; submission published on {Terminal.Topic}",
            TerminalState.Approved => $"approved: {ReasonCodes.Name(Terminal.LastReason)}",
            TerminalState.Declined => $"declined: {ReasonCodes.Name(Terminal.LastReason)}",
            TerminalState.TimedOut => Terminal.Submission is null ? "timed out waiting for the customer" : $"timed out: no answer on {Transport.AckTopic}",
            _ => "idle",
        };
    }
}
