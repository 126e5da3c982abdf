using System;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Tests.Protocol
{
    public sealed class EnvelopeTests
    {
        private static readonly Eip712Domain Domain = Eip712Domain.ForDeployment(31337, Hex.Decode("0x00000000000000000000000000000000000e0e0e"));

        [Fact]
        public void Sizes_AreThoseOfTheSpec()
        {
            Assert.Equal(167, Envelope.ObservationSize);
            Assert.Equal(243, Envelope.PaymentIntentSize);
            Assert.Equal(344, Envelope.SubmissionSize);
            Assert.Equal(43, Envelope.AckSize);
        }

        [Fact]
        public void Observation_RoundTrips_ThroughItsEnvelope()
        {
            Random random = new Random(13);
            for (int i = 0; i < 200; i++)
            {
                Observation o = RandomMessages.Observation(random);
                byte[] signature = RandomMessages.Bytes(random, 65);
                byte[] envelope = Envelope.EncodeObservation(o, Domain, signature);
                Assert.Equal(Envelope.ObservationSize, envelope.Length);
                Assert.Equal(new byte[] { 1, 1 }, envelope.AsSpan(0, 2).ToArray());
                Assert.Equal(Domain.Tag, Envelope.GetDomainTag(envelope));
                Assert.Equal(signature, Envelope.GetSignature(envelope));
                Observation back = Envelope.DecodeObservation(envelope);
                Assert.Equal(o.StructHash(), back.StructHash());
                Assert.Equal(o.Value, back.Value);
                Assert.Equal(o.Device, back.Device);
            }
        }

        [Fact]
        public void Observation_IsWrittenInTypeStringOrder_BigEndian()
        {
            Observation o = new Observation
            {
                Device = Filled(20, 0xD0), Sequence = 0x0102030405060708, Metric = 0x090A0B0C, WindowStart = 0x1112131415161718,
                WindowEnd = 0x2122232425262728, Value = -2, SampleCount = 0x31323334, Flags = 0x41424344, PrevHash = Filled(32, 0xEE),
            };
            string body = Hex.Encode(Envelope.EncodeObservation(o, Domain, new byte[65])).Substring(2 + 12, 192);
            Assert.Equal(
                "d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0" + "0102030405060708" + "090a0b0c" + "1112131415161718" + "2122232425262728"
                + "fffffffffffffffe" + "31323334" + "41424344" + new string('e', 64),
                body);
        }

        [Fact]
        public void PaymentIntent_RoundTrips_AndCarriesTheAmountAsUint256()
        {
            Random random = new Random(14);
            for (int i = 0; i < 200; i++)
            {
                PaymentIntent p = RandomMessages.PaymentIntent(random);
                byte[] envelope = Envelope.EncodePaymentIntent(p, Domain, RandomMessages.Bytes(random, 65));
                Assert.Equal(Envelope.PaymentIntentSize, envelope.Length);
                Assert.Equal(new byte[24], envelope.AsSpan(6 + 60, 24).ToArray());
                PaymentIntent back = Envelope.DecodePaymentIntent(envelope);
                Assert.Equal(p.StructHash(), back.StructHash());
                Assert.Equal(p.Amount, back.Amount);
            }
        }

        [Fact]
        public void DecodePaymentIntent_Throws_WhenTheAmountDoesNotFitIn64Bits()
        {
            byte[] envelope = Envelope.EncodePaymentIntent(new PaymentIntent(), Domain, new byte[65]);
            envelope[6 + 60 + 23] = 1;
            ArgumentException e = Assert.Throws<ArgumentException>(() => Envelope.DecodePaymentIntent(envelope));
            Assert.Contains("64 bits", e.Message);
        }

        [Theory]
        [InlineData(166, "must be 167 bytes, got 166")]
        [InlineData(168, "must be 167 bytes, got 168")]
        public void DecodeObservation_Throws_OnWrongSize(int size, string message)
        {
            ArgumentException e = Assert.Throws<ArgumentException>(() => Envelope.DecodeObservation(new byte[size]));
            Assert.Contains(message, e.Message);
        }

        [Fact]
        public void Decoders_Throw_OnWrongVersionOrKind()
        {
            byte[] observation = Envelope.EncodeObservation(new Observation(), Domain, new byte[65]);
            observation[0] = 2;
            Assert.Contains("unknown version 2", Assert.Throws<ArgumentException>(() => Envelope.DecodeObservation(observation)).Message);
            byte[] intent = Envelope.EncodePaymentIntent(new PaymentIntent(), Domain, new byte[65]);
            intent[1] = MessageKinds.Observation;
            Assert.Contains("kind 1, expected 2", Assert.Throws<ArgumentException>(() => Envelope.DecodePaymentIntent(intent)).Message);
        }

        [Fact]
        public void Submission_RoundTrips_ThroughPaymentSubmission()
        {
            Random random = new Random(15);
            byte[] intent = Envelope.EncodePaymentIntent(RandomMessages.PaymentIntent(random), Domain, RandomMessages.Bytes(random, 65));
            byte[] from = RandomMessages.Bytes(random, 20);
            byte[] signature = RandomMessages.Bytes(random, 65);
            byte[] submission = Envelope.EncodeSubmission(intent, from, 1700000000, 4102444800, signature);
            Assert.Equal(Envelope.SubmissionSize, submission.Length);
            PaymentSubmission back = PaymentSubmission.Decode(submission);
            Assert.Equal(intent, back.IntentEnvelope);
            Assert.Equal(from, back.From);
            Assert.Equal(1700000000UL, back.ValidAfter);
            Assert.Equal(4102444800UL, back.ValidBefore);
            Assert.Equal(signature, back.CustomerSignature);
        }

        [Fact]
        public void EncodeSubmission_Throws_ForAnObservationEnvelope()
        {
            byte[] observation = Envelope.EncodeObservation(new Observation(), Domain, new byte[65]);
            Assert.Throws<ArgumentException>(() => Envelope.EncodeSubmission(observation, new byte[20], 0, 0, new byte[65]));
        }

        [Fact]
        public void SizeOf_KnowsBothKinds_AndNothingElse()
        {
            Assert.Equal(167, Envelope.SizeOf(MessageKinds.Observation));
            Assert.Equal(243, Envelope.SizeOf(MessageKinds.PaymentIntent));
            Assert.Equal(0, Envelope.SizeOf(3));
        }

        private static byte[] Filled(int length, byte value)
        {
            byte[] bytes = new byte[length];
            Array.Fill(bytes, value);
            return bytes;
        }
    }
}
