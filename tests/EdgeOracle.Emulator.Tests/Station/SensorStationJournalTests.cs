using System;
using System.Collections.Generic;
using EdgeOracle.Emulator.Storage;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Journal;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Sensors;
using EdgeOracle.Firmware.Core.Station;

namespace EdgeOracle.Emulator.Tests.Station
{
    public class SensorStationJournalTests
    {
        private readonly VirtualFlash _flash = new(1024, 8);
        private readonly VirtualClock _clock = new(StationHarness.Monday);
        private readonly FakeTransport _transport = new() { IsConnected = false };
        private readonly DeviceIdentity _identity = new(TestKeys.Sensor);
        private readonly Eip712Domain _domain = Eip712Domain.ForDeployment(TestKeys.ChainId, Hex.Decode(TestKeys.Registry));

        [Fact]
        public void ObservationsSignedOffline_SurviveAReboot_AndGoOutInOrderAfterIt()
        {
            (SensorStation before, _) = Boot(outboxCapacity: 16);
            List<SignedMessage> signed = new();
            before.ObservationSigned += (_, m, _) => signed.Add(m);
            CloseDays(before, 3);
            Assert.Equal(3, signed.Count);

            // Power cut: RAM is gone; the same flash is mounted again.
            (SensorStation after, MessageJournal journal) = Boot(outboxCapacity: 16);
            Assert.Equal(3, journal.PendingCount);
            Assert.Equal(3, after.Outbox.Count);

            _transport.IsConnected = true;
            after.Poll();

            Assert.Equal(signed.ConvertAll(m => m.Envelope), _transport.Published.ConvertAll(p => p.Payload));
            foreach (SignedMessage m in signed)
            {
                after.AckReceived(Acks.For(m.Kind, m.Sequence, ReasonCodes.Accepted, m.Digest));
            }

            after.Poll();
            Assert.Equal(0, journal.PendingCount);
            Assert.Equal(0, after.Outbox.Count);
        }

        [Fact]
        public void AfterAReboot_TheChainContinues_WithoutReusingASequence()
        {
            (SensorStation before, _) = Boot(outboxCapacity: 16);
            SignedMessage? last = null;
            before.ObservationSigned += (_, m, _) => last = m;
            CloseDays(before, 2);

            (SensorStation after, _) = Boot(outboxCapacity: 16);
            SignedMessage? next = null;
            after.ObservationSigned += (_, m, _) => next = m;
            CloseDays(after, 1);

            Assert.True(next!.Sequence > last!.Sequence);
            Assert.Equal(last.Digest, Envelope.DecodeObservation(next.Envelope).PrevHash);
        }

        [Fact]
        public void WithAJournal_MoreWindowsThanTheRamOutboxHolds_AreSigned_AndMoveUpAsAcksArrive()
        {
            (SensorStation station, MessageJournal journal) = Boot(outboxCapacity: 2);
            List<SignedMessage> signed = new();
            station.ObservationSigned += (_, m, _) => signed.Add(m);
            CloseDays(station, 4);

            Assert.Equal(4, signed.Count);
            Assert.Equal(0, station.DroppedCount);
            Assert.Equal(2, station.Outbox.Count);
            Assert.Equal(4, journal.PendingCount);

            _transport.IsConnected = true;
            for (int round = 0; round < 2; round++)
            {
                station.Poll();
                for (int i = 0; i < station.Outbox.Count; i++)
                {
                    SignedMessage m = station.Outbox[i].Message;
                    station.AckReceived(Acks.For(m.Kind, m.Sequence, ReasonCodes.Accepted, m.Digest));
                }

                station.Poll();
            }

            Assert.Equal(signed.ConvertAll(m => m.Envelope), _transport.Published.ConvertAll(p => p.Payload));
            Assert.Equal(0, journal.PendingCount);
        }

        private (SensorStation Station, MessageJournal Journal) Boot(int outboxCapacity)
        {
            MessageJournal journal = new(_flash, 64, 16);
            MessageSigner signer = new(_identity, _domain, new MessageChain(journal.ResumeSequence, journal.GetLastDigest()));
            SensorStation station = new(signer, _identity.AddressHex, new RainGauge(0), _clock, _transport, new SensorStationConfig { OutboxCapacity = outboxCapacity });
            station.AttachJournal(journal);
            return (station, journal);
        }

        private void CloseDays(SensorStation station, int days)
        {
            station.Poll();
            for (int i = 0; i < days; i++)
            {
                _clock.AdvanceTo(DateTimeOffset.FromUnixTimeSeconds((long)station.WindowEnd));
                station.Poll();
            }
        }
    }
}
