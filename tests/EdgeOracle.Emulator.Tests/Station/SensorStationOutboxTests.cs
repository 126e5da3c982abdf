using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Station;

namespace EdgeOracle.Emulator.Tests.Station
{
    public class SensorStationOutboxTests
    {
        [Theory]
        [InlineData(ReasonCodes.Accepted)]
        [InlineData(ReasonCodes.Duplicate)]
        public void SuccessClassAck_RemovesTheMessage(byte reason)
        {
            StationHarness h = new();
            SignedMessage message = h.CloseWindow();

            h.Ack(message, reason);
            h.Station.Poll();

            Assert.Equal(0, h.Station.Outbox.Count);
            Assert.Equal(1, h.Station.AcknowledgedCount);
        }

        [Fact]
        public void AckWithTheRightSequenceButAnotherDigest_LeavesTheMessage()
        {
            StationHarness h = new();
            SignedMessage message = h.CloseWindow();
            byte[] otherDigest = (byte[])message.Digest.Clone();
            otherDigest[31] ^= 1;

            h.Station.AckReceived(Acks.For(MessageKinds.Observation, message.Sequence, ReasonCodes.Accepted, otherDigest));
            h.Station.Poll();

            Assert.Equal(1, h.Station.Outbox.Count);
            Assert.Equal(1, h.Station.UnmatchedAckCount);
        }

        [Fact]
        public void AckForAPaymentIntentKind_DoesNotAnswerAnObservation()
        {
            StationHarness h = new();
            SignedMessage message = h.CloseWindow();

            h.Station.AckReceived(Acks.For(MessageKinds.PaymentIntent, message.Sequence, ReasonCodes.Accepted, message.Digest));
            h.Station.Poll();

            Assert.Equal(1, h.Station.Outbox.Count);
        }

        [Fact]
        public void UnansweredMessage_IsResentAfterTheAckTimeout_AndNotBefore()
        {
            StationHarness h = new();
            h.CloseWindow();

            h.AdvanceMs(h.Config.AckTimeoutMilliseconds - 1);
            h.Station.Poll();
            Assert.Single(h.Transport.Published);

            h.AdvanceMs(1);
            h.Station.Poll();
            Assert.Equal(2, h.Transport.Published.Count);
            Assert.Equal(h.Sent[0], h.Sent[1]);
        }

        [Fact]
        public void Reconnect_ResendsEveryUnacknowledgedMessage_OldestFirst()
        {
            StationHarness h = new();
            SignedMessage first = h.CloseWindow();
            SignedMessage second = h.CloseWindow();
            SignedMessage third = h.CloseWindow();
            h.Ack(second, ReasonCodes.Accepted);
            h.Station.Poll();
            h.Transport.Published.Clear();

            h.Transport.IsConnected = false;
            h.Station.Poll();
            h.Transport.IsConnected = true;
            h.Station.Poll();

            Assert.Equal(new[] { first.Envelope, third.Envelope }, h.Sent);
        }

        [Fact]
        public void RefusedPublish_KeepsTheMessage_AndLaterMessagesDoNotOvertakeIt()
        {
            StationHarness h = new();
            h.Transport.AcceptPublishes = false;
            SignedMessage first = h.CloseWindow();
            SignedMessage second = h.CloseWindow();
            Assert.Empty(h.Transport.Published);

            h.Transport.AcceptPublishes = true;
            h.Station.Poll();

            Assert.Equal(new[] { first.Envelope, second.Envelope }, h.Sent);
            Assert.True(h.Station.PublishFailureCount >= 2);
        }

        [Theory]
        [InlineData(ReasonCodes.BadSignature)]
        [InlineData(ReasonCodes.UnknownDevice)]
        [InlineData(ReasonCodes.Malformed)]
        public void DropClassRefusal_RemovesTheMessage_AndCountsItsReason(byte reason)
        {
            StationHarness h = new();
            SignedMessage message = h.CloseWindow();

            h.Ack(message, reason);
            h.Station.Poll();

            Assert.Equal(0, h.Station.Outbox.Count);
            Assert.Equal(1, h.Station.RejectedCount);
            Assert.Equal(1, h.Station.GetRejectionCount(reason));
            Assert.Equal(0, h.Station.AcknowledgedCount);
        }

        [Theory]
        [InlineData(ReasonCodes.RateLimited)]
        [InlineData(ReasonCodes.Unavailable)]
        public void RetryLaterRefusal_KeepsTheMessage_AndRetriesOneAckTimeoutAfterTheAnswer(byte reason)
        {
            StationHarness h = new();
            SignedMessage message = h.CloseWindow();
            h.AdvanceMs(10_000);
            h.Ack(message, reason);
            h.Station.Poll();

            h.AdvanceMs(h.Config.AckTimeoutMilliseconds - 1);
            h.Station.Poll();
            Assert.Single(h.Transport.Published);
            h.AdvanceMs(1);
            h.Station.Poll();

            Assert.Equal(2, h.Transport.Published.Count);
            Assert.Equal(1, h.Station.Outbox.Count);
            Assert.Equal(1, h.Station.GetRejectionCount(reason));
            Assert.Equal(0, h.Station.RejectedCount);
        }

        [Fact]
        public void HashChainBroken_KeepsTheMessage_AndResendsTheWholeOutboxInOrder()
        {
            StationHarness h = new();
            SignedMessage first = h.CloseWindow();
            SignedMessage second = h.CloseWindow();
            h.Transport.Published.Clear();

            h.Ack(second, ReasonCodes.HashChainBroken);
            h.Station.Poll();

            Assert.Equal(new[] { first.Envelope, second.Envelope }, h.Sent);
            Assert.Equal(2, h.Station.Outbox.Count);
        }

        [Fact]
        public void HashChainBroken_ForTheOldestHeldMessage_BacksOffInsteadOfResendingAtOnce()
        {
            StationHarness h = new();
            SignedMessage first = h.CloseWindow();
            h.Transport.Published.Clear();

            h.Ack(first, ReasonCodes.HashChainBroken);
            h.Station.Poll();
            h.Station.Poll();
            Assert.Empty(h.Transport.Published);

            h.AdvanceMs(h.Config.AckTimeoutMilliseconds);
            h.Station.Poll();
            Assert.Single(h.Transport.Published);
            Assert.Equal(1, h.Station.Outbox.Count);
        }

        [Fact]
        public void FullOutbox_CountsTheLostWindow_AndKeepsTheHashChainUnbroken()
        {
            StationHarness h = new(config: new SensorStationConfig { OutboxCapacity = 2 });
            h.CloseWindow();
            SignedMessage second = h.CloseWindow();
            int droppedEvents = 0;
            h.Station.ObservationDropped += (_, _, _, _) => droppedEvents++;

            h.Clock.AdvanceTo(System.DateTimeOffset.FromUnixTimeSeconds((long)h.Station.WindowEnd));
            h.Station.Poll();
            Assert.Equal(1, h.Station.DroppedCount);
            Assert.Equal(1, droppedEvents);
            Assert.Equal(2, h.Signed.Count);

            h.Ack(second, ReasonCodes.Accepted);
            SignedMessage fourthDay = h.CloseWindow();
            Observation o = Envelope.DecodeObservation(fourthDay.Envelope);
            Assert.Equal(3ul, o.Sequence);
            Assert.Equal(second.Digest, o.PrevHash);
        }

        [Fact]
        public void MalformedAckPayload_IsCountedAndIgnored()
        {
            StationHarness h = new();
            h.CloseWindow();

            h.Station.AckReceived(new byte[42]);
            h.Station.Poll();

            Assert.Equal(1, h.Station.AckInbox.GetMalformedCount());
            Assert.Equal(1, h.Station.Outbox.Count);
        }

        [Fact]
        public void AnsweredEvent_ReportsTheActionTheProtocolPrescribes()
        {
            StationHarness h = new();
            SignedMessage first = h.CloseWindow();
            SignedMessage second = h.CloseWindow();
            var answers = new System.Collections.Generic.List<(ulong, byte, AckAction)>();
            h.Station.ObservationAnswered += (_, m, r, a) => answers.Add((m.Sequence, r, a));

            h.Ack(first, ReasonCodes.Accepted);
            h.Ack(second, ReasonCodes.RateLimited);
            h.Station.Poll();

            Assert.Equal(new[] { (1ul, ReasonCodes.Accepted, AckAction.Forget), (2ul, ReasonCodes.RateLimited, AckAction.RetryLater) }, answers.ToArray());
            Assert.Equal(1, h.Station.Outbox.Count);
            Assert.Equal(2ul, h.Station.Outbox[0].Message.Sequence);
        }
    }
}
