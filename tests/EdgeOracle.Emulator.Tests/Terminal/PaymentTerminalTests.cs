using System;
using System.Collections.Generic;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Terminal;

namespace EdgeOracle.Emulator.Tests.Terminal
{
    public class PaymentTerminalTests
    {
        private static readonly DateTimeOffset Noon = StationHarness.Monday.AddHours(12);
        private static readonly byte[] Customer = Hex.Decode("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
        private static readonly byte[] CustomerSignature = new byte[65];
        private readonly VirtualClock _clock = new(Noon);
        private readonly FakeTransport _transport = new();
        private readonly DeviceIdentity _identity = new(TestKeys.Terminal);
        private readonly PaymentTerminalConfig _config = new(Hex.Decode(TestKeys.Merchant), Hex.Decode(TestKeys.Token));
        private readonly PaymentTerminal _terminal;
        private readonly List<TerminalState> _states = new();

        public PaymentTerminalTests()
        {
            Eip712Domain domain = Eip712Domain.ForDeployment(TestKeys.ChainId, Hex.Decode(TestKeys.Registry));
            _terminal = new PaymentTerminal(new MessageSigner(_identity, domain, new MessageChain()), _identity.AddressHex, _clock, _transport, _config);
            _terminal.StateChanged += (_, _, state) => _states.Add(state);
        }

        [Fact]
        public void BeginSale_SignsAnIntentForTheSale_AndWaitsForTheCustomer()
        {
            byte[] orderRef = Keccak256.Hash(new byte[] { 1, 2, 3 });

            SignedMessage intent = _terminal.BeginSale(12_500_000, orderRef);

            Assert.Equal(TerminalState.IntentSigned, _terminal.State);
            Assert.Equal(243, intent.Envelope.Length);
            Assert.Equal(intent.Digest, _terminal.IntentDigest);
            PaymentIntent p = Envelope.DecodePaymentIntent(intent.Envelope);
            Assert.Equal(_identity.Address, p.Terminal);
            Assert.Equal(Hex.Decode(TestKeys.Merchant), p.Merchant);
            Assert.Equal(Hex.Decode(TestKeys.Token), p.Token);
            Assert.Equal(12_500_000ul, p.Amount);
            Assert.Equal((ulong)Noon.ToUnixTimeSeconds() + 120, p.Expiry);
            Assert.Equal(orderRef, p.OrderRef);
            Assert.Empty(_transport.Published);
        }

        [Fact]
        public void SubmitAuthorization_PublishesThe344ByteSubmission_OnThePayTopic()
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);

            Assert.True(_terminal.SubmitAuthorization(Customer, 0, 1_900_000_000, CustomerSignature));

            Assert.Equal(TerminalState.Submitted, _terminal.State);
            (string topic, byte[] payload) = Assert.Single(_transport.Published);
            Assert.Equal("eo/v1/" + _identity.AddressHex + "/pay", topic);
            Assert.Equal(344, payload.Length);
            Assert.Equal(intent.Envelope, payload[..243]);
            Assert.Equal(Customer, payload[243..263]);
            Assert.Equal(Hex.Decode("0x00000000713fb300"), payload[271..279]);
        }

        [Theory]
        [InlineData(ReasonCodes.Accepted, TerminalState.Approved)]
        [InlineData(ReasonCodes.Duplicate, TerminalState.Approved)]
        [InlineData(ReasonCodes.BadAuthorization, TerminalState.Declined)]
        [InlineData(ReasonCodes.Expired, TerminalState.Declined)]
        [InlineData(ReasonCodes.HashChainBroken, TerminalState.Declined)]
        public void AnswerToTheSubmission_ResolvesTheSale(byte reason, TerminalState expected)
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);
            _terminal.SubmitAuthorization(Customer, 0, 1_900_000_000, CustomerSignature);

            _terminal.AckReceived(Acks.For(MessageKinds.PaymentIntent, intent.Sequence, reason, intent.Digest));
            _terminal.Poll();

            Assert.Equal(expected, _terminal.State);
            Assert.True(_terminal.HasAnswer);
            Assert.Equal(reason, _terminal.LastReason);
            Assert.Equal(new[] { TerminalState.Amount, TerminalState.IntentSigned, TerminalState.Submitted, expected }, _states);
        }

        [Fact]
        public void AckForAnotherMessage_DoesNotResolveTheSale()
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);
            _terminal.SubmitAuthorization(Customer, 0, 1_900_000_000, CustomerSignature);

            _terminal.AckReceived(Acks.For(MessageKinds.PaymentIntent, intent.Sequence + 1, ReasonCodes.Accepted, intent.Digest));
            _terminal.Poll();

            Assert.Equal(TerminalState.Submitted, _terminal.State);
            Assert.Equal(1, _terminal.UnmatchedAckCount);
        }

        [Fact]
        public void RateLimitedAnswer_KeepsWaiting_AndResendsAfterTheInterval()
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);
            _terminal.SubmitAuthorization(Customer, 0, 1_900_000_000, CustomerSignature);
            _terminal.AckReceived(Acks.For(MessageKinds.PaymentIntent, intent.Sequence, ReasonCodes.RateLimited, intent.Digest));
            _terminal.Poll();
            Assert.Equal(TerminalState.Submitted, _terminal.State);

            _clock.Advance(TimeSpan.FromMilliseconds(_config.ResendIntervalMilliseconds));
            _terminal.Poll();

            Assert.Equal(2, _transport.Published.Count);
            Assert.Equal(_transport.Published[0].Payload, _transport.Published[1].Payload);
        }

        [Fact]
        public void SubmissionMadeWhileOffline_IsPublishedOnReconnect()
        {
            _transport.IsConnected = false;
            _terminal.BeginSale(500, new byte[32]);
            _terminal.SubmitAuthorization(Customer, 0, 1_900_000_000, CustomerSignature);
            _terminal.Poll();
            Assert.Empty(_transport.Published);

            _transport.IsConnected = true;
            _terminal.Poll();

            Assert.Single(_transport.Published);
        }

        [Fact]
        public void CustomerWhoNeverTaps_TimesTheSaleOutAtExpiry()
        {
            _terminal.BeginSale(500, new byte[32]);

            _clock.Advance(TimeSpan.FromSeconds(119));
            _terminal.Poll();
            Assert.Equal(TerminalState.IntentSigned, _terminal.State);
            _clock.Advance(TimeSpan.FromSeconds(1));
            _terminal.Poll();

            Assert.Equal(TerminalState.TimedOut, _terminal.State);
            Assert.Equal(1, _terminal.UnsubmittedIntentCount);
            Assert.False(_terminal.SubmitAuthorization(Customer, 0, 1_900_000_000, CustomerSignature));

            // The expired intent goes out as a void (the bare 243-byte envelope), never as a submission.
            (string _, byte[] payload) = Assert.Single(_transport.Published);
            Assert.Equal(_terminal.Intent!.Envelope, payload);
        }

        [Fact]
        public void AuthorizationArrivingAfterExpiry_IsRefused_AndTheSaleTimesOut()
        {
            _terminal.BeginSale(500, new byte[32]);
            _clock.Advance(TimeSpan.FromSeconds(120));

            Assert.False(_terminal.SubmitAuthorization(Customer, 0, 1_900_000_000, CustomerSignature));

            Assert.Equal(TerminalState.TimedOut, _terminal.State);
            Assert.Empty(_transport.Published);
        }

        [Fact]
        public void SubmissionWithoutAnswer_TimesOutAfterTheSubmitTimeout_ResendingMeanwhile()
        {
            _terminal.BeginSale(500, new byte[32]);
            _terminal.SubmitAuthorization(Customer, 0, 1_900_000_000, CustomerSignature);

            for (int waited = 0; waited < _config.SubmitTimeoutMilliseconds - 1000; waited += 1000)
            {
                _clock.Advance(TimeSpan.FromSeconds(1));
                _terminal.Poll();
            }

            Assert.Equal(TerminalState.Submitted, _terminal.State);
            _clock.Advance(TimeSpan.FromSeconds(1));
            _terminal.Poll();
            Assert.Equal(TerminalState.TimedOut, _terminal.State);
            Assert.False(_terminal.HasAnswer);
            Assert.Equal(_config.SubmitTimeoutMilliseconds / _config.ResendIntervalMilliseconds, _transport.Published.Count);
        }

        [Fact]
        public void BeginSale_IsRefused_WhileASaleIsInProgress_AndAllowedAfterItEnds()
        {
            SignedMessage first = _terminal.BeginSale(500, new byte[32]);
            Assert.Throws<InvalidOperationException>(() => _terminal.BeginSale(600, new byte[32]));
            _terminal.SubmitAuthorization(Customer, 0, 1_900_000_000, CustomerSignature);
            Assert.Throws<InvalidOperationException>(() => _terminal.BeginSale(600, new byte[32]));
            _terminal.AckReceived(Acks.For(MessageKinds.PaymentIntent, first.Sequence, ReasonCodes.Accepted, first.Digest));
            _terminal.Poll();

            SignedMessage second = _terminal.BeginSale(600, new byte[32]);

            Assert.Equal(first.Sequence + 1, second.Sequence);
            Assert.Equal(first.Digest, Envelope.DecodePaymentIntent(second.Envelope).PrevHash);
        }

        [Fact]
        public void Cancel_ReturnsAWaitingSaleToIdle_AndCountsTheUnsubmittedIntent()
        {
            _terminal.BeginSale(500, new byte[32]);

            Assert.True(_terminal.Cancel());

            Assert.Equal(TerminalState.Idle, _terminal.State);
            Assert.Equal(1, _terminal.UnsubmittedIntentCount);
            Assert.False(_terminal.Cancel());
        }

        [Fact]
        public void BeginSale_IsRefused_BeforeTheClockIsSet()
        {
            VirtualClock unset = new(60);
            Eip712Domain domain = Eip712Domain.ForDeployment(TestKeys.ChainId, Hex.Decode(TestKeys.Registry));
            PaymentTerminal terminal = new(new MessageSigner(_identity, domain, new MessageChain()), _identity.AddressHex, unset, _transport, _config);

            Assert.Throws<InvalidOperationException>(() => terminal.BeginSale(500, new byte[32]));
        }
    }
}
