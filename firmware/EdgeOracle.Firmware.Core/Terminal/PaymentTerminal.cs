using System;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Terminal
{
    /// <summary>
    /// The point-of-sale terminal's sale state machine:
    /// <c>Idle → Amount → IntentSigned → WaitingForCustomer → Submitted → Approved | Declined | TimedOut</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <see cref="BeginSale"/> signs a <see cref="PaymentIntent"/> and exposes its digest and envelope for the
    /// customer's wallet (over NFC on the device). The wallet signs an EIP-3009 <c>ReceiveWithAuthorization</c> with
    /// <c>nonce = intent digest</c>; <see cref="SubmitAuthorization"/> takes it, builds the 344-byte submission and
    /// publishes it on <c>eo/v1/{device}/pay</c>. The gateway's acknowledgement resolves the sale.
    /// </para>
    /// <para>
    /// Like the sensor station, the terminal owns no thread: acks are queued by <see cref="AckReceived"/> on the
    /// transport's thread and acted on in <see cref="Poll"/>, which also re-sends an unanswered submission every
    /// <see cref="PaymentTerminalConfig.ResendIntervalMilliseconds"/> (the gateway answers a repeat with
    /// <c>Duplicate</c>) and applies the timeouts.
    /// </para>
    /// <para>
    /// A sale that ends before submission (cancelled, or the customer never tapped) leaves a signed intent that the
    /// next intent's <c>prevHash</c> refers to. The terminal publishes it as a <em>void</em> (PROTOCOL.md §4 "Void"): the
    /// bare 243-byte intent envelope on the pay topic, which the gateway stores to keep the chain and never relays.
    /// Voids wait in a capped queue until acknowledged, go out before any later submission, and are re-sent with it
    /// on a <c>HashChainBroken</c> answer (see <c>PaymentTerminal.Voids.cs</c>).
    /// </para>
    /// </remarks>
    public sealed partial class PaymentTerminal : IAckSink
    {
        private const int AddressSize = 20;
        private const int OrderRefSize = 32;
        private const int SignatureSize = 65;

        private readonly MessageSigner _signer;
        private readonly IClock _clock;
        private readonly IMessageTransport _transport;
        private readonly PaymentTerminalConfig _config;
        private readonly string _topic;
        private readonly AckInbox _inbox;

        private TerminalState _state;
        private ulong _amount;
        private SignedMessage? _intent;
        private byte[]? _submission;
        private ulong _expiry;
        private byte _lastReason;
        private bool _hasAnswer;
        private long _submittedAtMs;
        private long _lastSentMs;
        private bool _sent;
        private bool _wasConnected;

        /// <summary>Creates an idle terminal.</summary>
        /// <param name="signer">Signs intents and advances the device's hash chain.</param>
        /// <param name="deviceHex">The terminal's address, lower-case <c>0x</c> hex, as used in topics.</param>
        /// <param name="clock">Wall-clock time for expiries, monotonic time for resends and timeouts.</param>
        /// <param name="transport">Publishes to the broker.</param>
        /// <param name="config">Merchant, token and timing; validated here.</param>
        public PaymentTerminal(
            MessageSigner signer,
            string deviceHex,
            IClock clock,
            IMessageTransport transport,
            PaymentTerminalConfig config)
        {
            Guard.NotNull(signer, nameof(signer));
            Guard.NotNull(deviceHex, nameof(deviceHex));
            Guard.NotNull(clock, nameof(clock));
            Guard.NotNull(transport, nameof(transport));
            Guard.NotNull(config, nameof(config));

            config.Validate();
            _signer = signer;
            _clock = clock;
            _transport = transport;
            _config = config;
            _topic = Topics.Payments(deviceHex);
            _inbox = new AckInbox(config.AckInboxCapacity);
            _voids = new SignedMessage[config.VoidCapacity];
            _voidSent = new bool[config.VoidCapacity];
            _voidLastSentMs = new long[config.VoidCapacity];
        }

        /// <summary>Raised on every state change.</summary>
        public event TerminalStateChangedHandler? StateChanged;

        /// <summary>Gets the current state.</summary>
        public TerminalState State
        {
            get { return _state; }
        }

        /// <summary>Gets the topic submissions are published on, <c>eo/v1/{device}/pay</c>.</summary>
        public string Topic
        {
            get { return _topic; }
        }

        /// <summary>Gets the amount entered for the current (or last) sale, in the token's minor units.</summary>
        public ulong Amount
        {
            get { return _amount; }
        }

        /// <summary>Gets whether a signed intent waits for the customer's authorization (IntentSigned or WaitingForCustomer).</summary>
        public bool IsWaitingForCustomer
        {
            get { return _state == TerminalState.IntentSigned || _state == TerminalState.WaitingForCustomer; }
        }

        /// <summary>Gets the signed intent of the current (or last) sale, or <c>null</c> before the first sale.</summary>
        public SignedMessage? Intent
        {
            get { return _intent; }
        }

        /// <summary>Gets the current intent's digest (the customer's EIP-3009 nonce), or <c>null</c> before the first sale.</summary>
        public byte[]? IntentDigest
        {
            get { return _intent == null ? null : _intent.Digest; }
        }

        /// <summary>Gets the current intent's 243-byte envelope (what the customer's wallet reads), or <c>null</c>.</summary>
        public byte[]? IntentEnvelope
        {
            get { return _intent == null ? null : _intent.Envelope; }
        }

        /// <summary>Gets the current intent's expiry, Unix seconds (0 before the first sale).</summary>
        public ulong IntentExpiry
        {
            get { return _expiry; }
        }

        /// <summary>Gets the 344-byte submission of the current sale once authorized, else <c>null</c>.</summary>
        public byte[]? Submission
        {
            get { return _submission; }
        }

        /// <summary>Gets whether the gateway answered the current sale (then <see cref="LastReason"/> is its reason).</summary>
        public bool HasAnswer
        {
            get { return _hasAnswer; }
        }

        /// <summary>Gets the reason code of the gateway's last answer to the current sale.</summary>
        public byte LastReason
        {
            get { return _lastReason; }
        }

        /// <summary>Gets the acks on the queue (for their counters).</summary>
        public AckInbox AckInbox
        {
            get { return _inbox; }
        }

        /// <summary>Gets how many times the submission was published, re-sends included, over all sales.</summary>
        public int PublishedCount { get; private set; }

        /// <summary>Gets how many acknowledgements did not answer the sale in progress.</summary>
        public int UnmatchedAckCount { get; private set; }

        /// <summary>Gets how many signed intents ended without being submitted (each became a void).</summary>
        public int UnsubmittedIntentCount { get; private set; }

        /// <inheritdoc />
        public void AckReceived(byte[] payload)
        {
            _inbox.AckReceived(payload);
        }

        /// <summary>
        /// The cashier keyed in an amount: moves to <see cref="TerminalState.Amount"/>. Nothing is signed until
        /// <see cref="Confirm"/>. Allowed whenever no signed sale is open (also to correct the amount).
        /// </summary>
        /// <param name="amount">The price in the token's minor units; above 0.</param>
        /// <exception cref="InvalidOperationException">A signed sale is in progress.</exception>
        public void EnterAmount(ulong amount)
        {
            if (amount == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(amount));
            }

            if (IsWaitingForCustomer || _state == TerminalState.Submitted)
            {
                throw new InvalidOperationException("A sale is in progress.");
            }

            _amount = amount;
            SetState(TerminalState.Amount);
        }

        /// <summary>
        /// The cashier confirmed the amount: signs a <see cref="PaymentIntent"/> with
        /// <c>expiry = now + IntentLifetimeSeconds</c>, offers it over NFC and moves to <see cref="TerminalState.IntentSigned"/>.
        /// </summary>
        /// <param name="orderRef">The merchant's 32-byte order reference.</param>
        /// <returns>The signed intent.</returns>
        /// <exception cref="InvalidOperationException">No amount was entered, the clock is not set, or the void queue is full.</exception>
        public SignedMessage Confirm(byte[] orderRef)
        {
            if (orderRef == null || orderRef.Length != OrderRefSize)
            {
                throw new ArgumentException("orderRef must be 32 bytes.");
            }

            if (_state != TerminalState.Amount)
            {
                throw new InvalidOperationException("No amount was entered.");
            }

            ulong now = _clock.GetUnixTimeSeconds();
            if (now < _config.MinimumValidUnixTime)
            {
                throw new InvalidOperationException("The clock is not set; no intent can carry a valid expiry.");
            }

            if (_voidCount == _voids.Length)
            {
                // Signing now could strand this intent too if it were voided: the queue has no room left for it.
                throw new InvalidOperationException("The void queue is full; connect to the gateway before the next sale.");
            }

            PaymentIntent intent = new PaymentIntent();
            intent.Merchant = _config.Merchant;
            intent.Token = _config.Token;
            intent.Amount = _amount;
            intent.Expiry = now + _config.IntentLifetimeSeconds;
            intent.OrderRef = orderRef;
            SignedMessage message = _signer.SignPaymentIntent(intent);

            _intent = message;
            _expiry = intent.Expiry;
            _submission = null;
            _hasAnswer = false;
            _lastReason = 0;
            _sent = false;
            SetState(TerminalState.IntentSigned);
            return message;
        }

        /// <summary>
        /// Starts a sale in one step: <see cref="EnterAmount"/> then <see cref="Confirm"/>.
        /// </summary>
        /// <param name="amount">The price in the token's minor units; above 0.</param>
        /// <param name="orderRef">The merchant's 32-byte order reference.</param>
        /// <returns>The signed intent; the customer's wallet reads its envelope over NFC.</returns>
        /// <exception cref="InvalidOperationException">A sale is in progress, the clock is not set, or the void queue is full.</exception>
        public SignedMessage BeginSale(ulong amount, byte[] orderRef)
        {
            if (orderRef == null || orderRef.Length != OrderRefSize)
            {
                throw new ArgumentException("orderRef must be 32 bytes.");
            }

            EnterAmount(amount);
            return Confirm(orderRef);
        }

        /// <summary>
        /// A wallet asks for the intent over NFC (GET-INTENT): returns its envelope and moves to
        /// <see cref="TerminalState.WaitingForCustomer"/>, unless the intent has expired (then the sale times out).
        /// </summary>
        /// <param name="envelope">The 243-byte intent envelope when the call succeeded.</param>
        /// <returns><c>false</c> if no signed intent waits for a customer.</returns>
        public bool TryPresentIntent(out byte[]? envelope)
        {
            envelope = null;
            if (!IsWaitingForCustomer || _intent == null)
            {
                return false;
            }

            if (_clock.GetUnixTimeSeconds() >= _expiry)
            {
                ExpireUnsubmitted();
                return false;
            }

            envelope = _intent.Envelope;
            SetState(TerminalState.WaitingForCustomer);
            return true;
        }

        /// <summary>
        /// Takes the customer's EIP-3009 authorization for the current intent, builds the 344-byte submission,
        /// moves to <see cref="TerminalState.Submitted"/> and publishes it (if the transport is up; else on reconnect).
        /// </summary>
        /// <param name="from">The customer wallet's 20-byte address.</param>
        /// <param name="validAfter">The authorization's <c>validAfter</c>, Unix seconds.</param>
        /// <param name="validBefore">The authorization's <c>validBefore</c>, Unix seconds.</param>
        /// <param name="customerSignature">The 65-byte <c>r ‖ s ‖ v</c> of the ReceiveWithAuthorization.</param>
        /// <returns>
        /// <c>true</c> if the sale moved to <see cref="TerminalState.Submitted"/>; <c>false</c> if no intent waits for a
        /// customer, or the intent has expired (the sale then moves to <see cref="TerminalState.TimedOut"/>).
        /// </returns>
        public bool SubmitAuthorization(byte[] from, ulong validAfter, ulong validBefore, byte[] customerSignature)
        {
            if (from == null || from.Length != AddressSize)
            {
                throw new ArgumentException("from must be a 20-byte address.");
            }

            if (customerSignature == null || customerSignature.Length != SignatureSize)
            {
                throw new ArgumentException("customerSignature must be 65 bytes (r, s, v).");
            }

            if (!CanSubmit())
            {
                return false;
            }

            Submit(Envelope.EncodeSubmission(_intent!.Envelope, from, validAfter, validBefore, customerSignature));
            return true;
        }

        /// <summary>
        /// Takes a cross-border authorization: the customer pays the intent (priced in its token) with
        /// <paramref name="payToken"/>, at most <paramref name="maxInput"/> of it, signed on that token's domain. Builds
        /// the 396-byte submission and goes on as <see cref="SubmitAuthorization"/>; whether the swap fits the max-in is
        /// the chain's to say.
        /// </summary>
        /// <param name="from">The customer wallet's 20-byte address.</param>
        /// <param name="validAfter">The authorization's <c>validAfter</c>, Unix seconds.</param>
        /// <param name="validBefore">The authorization's <c>validBefore</c>, Unix seconds.</param>
        /// <param name="customerSignature">The 65-byte <c>r ‖ s ‖ v</c> of the ReceiveWithAuthorization for the max-in.</param>
        /// <param name="payToken">The 20-byte token the customer pays with (not the intent's).</param>
        /// <param name="maxInput">The 32-byte big-endian maximum input (not zero).</param>
        /// <returns>As <see cref="SubmitAuthorization"/>.</returns>
        public bool SubmitCrossBorderAuthorization(
            byte[] from, ulong validAfter, ulong validBefore, byte[] customerSignature, byte[] payToken, byte[] maxInput)
        {
            if (from == null || from.Length != AddressSize || payToken == null || payToken.Length != AddressSize)
            {
                throw new ArgumentException("from and payToken must be 20-byte addresses.");
            }

            if (customerSignature == null || customerSignature.Length != SignatureSize || maxInput == null || maxInput.Length != 32)
            {
                throw new ArgumentException("customerSignature must be 65 bytes (r, s, v) and maxInput a 32-byte word.");
            }

            if (!IsValidCrossBorder(payToken, maxInput))
            {
                throw new ArgumentException("a cross-border sale pays a non-zero max-in of another token than the intent's.");
            }

            if (!CanSubmit())
            {
                return false;
            }

            Submit(Envelope.EncodeCrossBorderSubmission(_intent!.Envelope, from, payToken, maxInput, validAfter, validBefore, customerSignature));
            return true;
        }

        /// <summary>Whether cross-border terms make sense for this terminal: another token than its own, a max-in above zero.</summary>
        /// <param name="payToken">The 20-byte pay token.</param>
        /// <param name="maxInput">The 32-byte max-in.</param>
        /// <returns><c>false</c> for the terminal's own token or a zero max-in (PROTOCOL.md §4 calls those malformed).</returns>
        public bool IsValidCrossBorder(byte[] payToken, byte[] maxInput) =>
            payToken != null && payToken.Length == AddressSize && maxInput != null && maxInput.Length == 32
            && !IsZero(maxInput) && !SameBytes(payToken, _config.Token);

        private bool CanSubmit()
        {
            if (!IsWaitingForCustomer || _intent == null)
            {
                return false;
            }

            if (_clock.GetUnixTimeSeconds() >= _expiry)
            {
                ExpireUnsubmitted();
                return false;
            }

            return true;
        }

        private static bool IsZero(byte[] word)
        {
            for (int i = 0; i < word.Length; i++)
            {
                if (word[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void Submit(byte[] submission)
        {
            _submission = submission;
            _submittedAtMs = _clock.GetMonotonicMilliseconds();
            _sent = false;
            SetState(TerminalState.Submitted);
            Transmit(_submittedAtMs);
        }

        /// <summary>
        /// Abandons a sale before the customer authorized it and returns to <see cref="TerminalState.Idle"/>. A signed
        /// intent becomes a void, published so the gateway's copy of the chain stays whole.
        /// </summary>
        /// <returns><c>true</c> if a sale was cancelled; <c>false</c> if none was open before submission.</returns>
        public bool Cancel()
        {
            if (_state == TerminalState.Amount)
            {
                SetState(TerminalState.Idle);
                return true;
            }

            if (!IsWaitingForCustomer)
            {
                return false;
            }

            Void();
            SetState(TerminalState.Idle);
            Transmit(_clock.GetMonotonicMilliseconds());
            return true;
        }

        /// <summary>
        /// Does the terminal's work for this moment: acts on queued acknowledgements, applies the timeouts and
        /// (re-)publishes the submission when due. Call it from the host loop.
        /// </summary>
        public void Poll()
        {
            long nowMs = _clock.GetMonotonicMilliseconds();
            ProcessAcks(nowMs);

            if (IsWaitingForCustomer && _clock.GetUnixTimeSeconds() >= _expiry)
            {
                ExpireUnsubmitted();
            }
            else if (_state == TerminalState.Submitted && nowMs - _submittedAtMs >= _config.SubmitTimeoutMilliseconds)
            {
                SetState(TerminalState.TimedOut);
            }

            Transmit(nowMs);
        }

        private void ProcessAcks(long nowMs)
        {
            Ack? ack;
            while (_inbox.TryDequeue(out ack))
            {
                if (TryAnswerVoid(ack, nowMs))
                {
                    continue;
                }

                if (_state != TerminalState.Submitted || _intent == null || !AckMatch.Answers(ack, _intent))
                {
                    UnmatchedAckCount++;
                    continue;
                }

                _hasAnswer = true;
                _lastReason = ack.Reason;
                AckAction action = AckPolicy.Classify(ack.Reason);
                if (action == AckAction.Forget)
                {
                    SetState(TerminalState.Approved);
                }
                else if (action == AckAction.RetryLater)
                {
                    _lastSentMs = nowMs;
                }
                else if (action == AckAction.ResendChain && _voidCount > 0)
                {
                    // The missing predecessor is a void still held: send the voids again, then this submission.
                    MarkVoidsDue();
                    _sent = false;
                }
                else
                {
                    // Drop, or a broken chain whose missing link the terminal no longer holds.
                    SetState(TerminalState.Declined);
                }
            }
        }

        private void Transmit(long nowMs)
        {
            if (!_transport.IsConnected)
            {
                _wasConnected = false;
                return;
            }

            if (!_wasConnected)
            {
                _wasConnected = true;
                _sent = false;
                MarkVoidsDue();
            }

            // Voids first: the gateway must see an intent before the one whose prevHash names it.
            if (!TransmitVoids(nowMs))
            {
                return;
            }

            if (_state != TerminalState.Submitted || _submission == null)
            {
                return;
            }

            if (_sent && nowMs - _lastSentMs < _config.ResendIntervalMilliseconds)
            {
                return;
            }

            if (_transport.Publish(_topic, _submission))
            {
                _sent = true;
                _lastSentMs = nowMs;
                PublishedCount++;
            }
        }

        private void ExpireUnsubmitted()
        {
            Void();
            SetState(TerminalState.TimedOut);
        }

        private void SetState(TerminalState next)
        {
            TerminalState previous = _state;
            _state = next;
            if (previous != next)
            {
                StateChanged?.Invoke(this, previous, next);
            }
        }
    }
}
