using System;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Terminal;

namespace EdgeOracle.Emulator.Tests.Terminal
{
    public class PaymentTerminalVoidTests
    {
        private static readonly byte[] Customer = Hex.Decode("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
        private static readonly byte[] CustomerSignature = new byte[65];
        private readonly VirtualClock _clock = new(StationHarness.Monday.AddHours(12));
        private readonly FakeTransport _transport = new();
        private readonly PaymentTerminalConfig _config = new(Hex.Decode(TestKeys.Merchant), Hex.Decode(TestKeys.Token)) { VoidCapacity = 2 };
        private readonly PaymentTerminal _terminal;

        public PaymentTerminalVoidTests()
        {
            DeviceIdentity identity = new(TestKeys.Terminal);
            Eip712Domain domain = Eip712Domain.ForDeployment(TestKeys.ChainId, Hex.Decode(TestKeys.Registry));
            _terminal = new PaymentTerminal(new MessageSigner(identity, domain, new MessageChain()), identity.AddressHex, _clock, _transport, _config);
        }

        [Fact]
        public void Cancel_PublishesTheBareIntentEnvelope_OnThePayTopic()
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);

            Assert.True(_terminal.Cancel());

            (string topic, byte[] payload) = Assert.Single(_transport.Published);
            Assert.Equal(_terminal.Topic, topic);
            Assert.Equal(243, payload.Length);
            Assert.Equal(intent.Envelope, payload);
            Assert.Equal(1, _terminal.PendingVoidCount);
            Assert.Equal(TerminalState.Idle, _terminal.State);
        }

        [Fact]
        public void CancelBeforeConfirm_SignsNothing_AndPublishesNoVoid()
        {
            _terminal.EnterAmount(500);

            Assert.True(_terminal.Cancel());

            Assert.Null(_terminal.Intent);
            Assert.Empty(_transport.Published);
            Assert.Equal(0, _terminal.PendingVoidCount);
        }

        [Fact]
        public void AcceptedVoid_LeavesTheQueue()
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);
            _terminal.Cancel();

            _terminal.AckReceived(Acks.For(0x02, intent.Sequence, ReasonCodes.Accepted, intent.Digest));
            _terminal.Poll();

            Assert.Equal(0, _terminal.PendingVoidCount);
            Assert.Equal(1, _terminal.VoidsAcknowledgedCount);
            Assert.Equal(ReasonCodes.Accepted, _terminal.LastVoidReason);
        }

        [Fact]
        public void UnansweredVoid_GoesOutAgainBeforeTheNextSubmission()
        {
            SignedMessage voided = _terminal.BeginSale(500, new byte[32]);
            _terminal.Cancel();
            _clock.Advance(TimeSpan.FromMilliseconds(_config.ResendIntervalMilliseconds));

            SignedMessage next = _terminal.BeginSale(700, new byte[32]);
            Assert.True(_terminal.SubmitAuthorization(Customer, 0, 1_900_000_000, CustomerSignature));

            Assert.Equal(3, _transport.Published.Count);
            Assert.Equal(voided.Envelope, _transport.Published[1].Payload);
            Assert.Equal(344, _transport.Published[2].Payload.Length);
            Assert.Equal(voided.Digest, Envelope.DecodePaymentIntent(next.Envelope).PrevHash);
        }

        [Fact]
        public void HashChainBroken_WhileAVoidIsHeld_ResendsTheVoidAndTheSubmission_InsteadOfDeclining()
        {
            SignedMessage voided = _terminal.BeginSale(500, new byte[32]);
            _terminal.Cancel();
            SignedMessage next = _terminal.BeginSale(700, new byte[32]);
            _terminal.SubmitAuthorization(Customer, 0, 1_900_000_000, CustomerSignature);
            int before = _transport.Published.Count;

            _terminal.AckReceived(Acks.For(0x02, next.Sequence, ReasonCodes.HashChainBroken, next.Digest));
            _terminal.Poll();

            Assert.Equal(TerminalState.Submitted, _terminal.State);
            Assert.Equal(voided.Envelope, _transport.Published[before].Payload);
            Assert.Equal(344, _transport.Published[before + 1].Payload.Length);
        }

        [Fact]
        public void RefusedVoid_IsCountedAndDropped_NeverSilently()
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);
            _terminal.Cancel();

            _terminal.AckReceived(Acks.For(0x02, intent.Sequence, ReasonCodes.Truncated, intent.Digest));
            _terminal.Poll();

            Assert.Equal(0, _terminal.PendingVoidCount);
            Assert.Equal(1, _terminal.VoidsRejectedCount);
        }

        [Fact]
        public void FullVoidQueue_RefusesTheNextSale_UntilAVoidIsAcknowledged()
        {
            _transport.IsConnected = false;
            SignedMessage first = _terminal.BeginSale(500, new byte[32]);
            _terminal.Cancel();
            _terminal.BeginSale(600, new byte[32]);
            _terminal.Cancel();

            _terminal.EnterAmount(700);
            Assert.Throws<InvalidOperationException>(() => _terminal.Confirm(new byte[32]));

            _transport.IsConnected = true;
            _terminal.Poll();
            Assert.Equal(2, _transport.Published.Count);
            _terminal.AckReceived(Acks.For(0x02, first.Sequence, ReasonCodes.Accepted, first.Digest));
            _terminal.Poll();
            Assert.NotNull(_terminal.Confirm(new byte[32]));
        }
    }
}
