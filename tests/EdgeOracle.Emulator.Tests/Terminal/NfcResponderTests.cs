using System;
using System.Buffers.Binary;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Terminal;

namespace EdgeOracle.Emulator.Tests.Terminal
{
    public class NfcResponderTests
    {
        private static readonly byte[] Select = [0x00, 0xA4, 0x04, 0x00, 0x07, 0xF0, 0x45, 0x44, 0x47, 0x45, 0x4F, 0x01, 0x00];
        private static readonly byte[] GetIntent = [0x80, 0xE1, 0x00, 0x00, 0x00];
        private static readonly byte[] Customer = Hex.Decode("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
        private readonly VirtualClock _clock = new(StationHarness.Monday.AddHours(12));
        private readonly FakeTransport _transport = new();
        private readonly PaymentTerminal _terminal;
        private readonly NfcResponder _nfc;
        private readonly byte[] _response = new byte[NfcResponder.MaxResponseLength];

        public NfcResponderTests()
        {
            DeviceIdentity identity = new(TestKeys.Terminal);
            Eip712Domain domain = Eip712Domain.ForDeployment(TestKeys.ChainId, Hex.Decode(TestKeys.Registry));
            PaymentTerminalConfig config = new(Hex.Decode(TestKeys.Merchant), Hex.Decode(TestKeys.Token));
            _terminal = new PaymentTerminal(new MessageSigner(identity, domain, new MessageChain()), identity.AddressHex, _clock, _transport, config);
            _nfc = new NfcResponder(_terminal);
        }

        [Fact]
        public void Select_WithTheEdgeOracleAid_AnswersVersion1And9000()
        {
            Assert.Equal(new byte[] { 0x01, 0x90, 0x00 }, Send(Select));
            Assert.True(_nfc.Selected);
        }

        [Fact]
        public void Select_WithAnotherAid_Answers6A82()
        {
            byte[] other = (byte[])Select.Clone();
            other[11] = 0x02;

            Assert.Equal(new byte[] { 0x6A, 0x82 }, Send(other));
            Assert.False(_nfc.Selected);
        }

        [Fact]
        public void GetIntent_BeforeSelect_Answers6985()
        {
            _terminal.BeginSale(500, new byte[32]);

            Assert.Equal(new byte[] { 0x69, 0x85 }, Send(GetIntent));
        }

        [Fact]
        public void GetIntent_WithoutASale_Answers6985()
        {
            Send(Select);

            Assert.Equal(new byte[] { 0x69, 0x85 }, Send(GetIntent));
        }

        [Fact]
        public void GetIntent_ReturnsThe243ByteEnvelope_AndTheSaleWaitsForTheCustomer()
        {
            SignedMessage intent = _terminal.BeginSale(12_500_000, new byte[32]);
            Send(Select);

            byte[] response = Send(GetIntent);

            Assert.Equal(245, response.Length);
            Assert.Equal(intent.Envelope, response[..243]);
            Assert.Equal(new byte[] { 0x90, 0x00 }, response[243..]);
            Assert.Equal(TerminalState.WaitingForCustomer, _terminal.State);
        }

        [Fact]
        public void PutAuthorization_SubmitsTheSale_AndPublishesTheSubmission()
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);
            Send(Select);
            Send(GetIntent);
            byte[] signature = new byte[65];
            signature[64] = 28;

            byte[] response = Send(Put(intent.Digest, 0, 1_900_000_000, signature));

            Assert.Equal(new byte[] { 0x90, 0x00 }, response);
            Assert.Equal(TerminalState.Submitted, _terminal.State);
            (_, byte[] payload) = Assert.Single(_transport.Published);
            Assert.Equal(344, payload.Length);
            Assert.Equal(Customer, payload[243..263]);
            Assert.Equal(1_900_000_000ul, BinaryPrimitives.ReadUInt64BigEndian(payload.AsSpan(271)));
            Assert.Equal(signature, payload[279..]);
        }

        [Fact]
        public void ACrossBorderPutAuthorization_PublishesThe396ByteSubmission_ThatTheGatewaysDecoderReads()
        {
            SignedMessage intent = _terminal.BeginSale(11_000_000, new byte[32]);
            Send(Select);
            Send(GetIntent);
            byte[] signature = new byte[65];
            signature[64] = 27;
            byte[] euro = Hex.Decode("0xdc64a140aa3e981100a9beca4e685f962f0cf6c9");
            byte[] put = Put(intent.Digest, 0, 1_900_000_000, signature);
            byte[] crossBorder = new byte[put.Length + 52];
            put.CopyTo(crossBorder, 0);
            crossBorder[4] = 185;
            euro.CopyTo(crossBorder, put.Length);
            BinaryPrimitives.WriteUInt64BigEndian(crossBorder.AsSpan(crossBorder.Length - 8), 10_505_000);

            Assert.Equal(new byte[] { 0x90, 0x00 }, Send(crossBorder));
            (_, byte[] payload) = Assert.Single(_transport.Published);
            Assert.Equal(396, payload.Length);
            Assert.Equal(EdgeOracle.Protocol.ReasonCode.Accepted, EdgeOracle.Protocol.Wire.EnvelopeDecoder.ReadPaymentSubmission(payload, out var submission));
            Assert.True(submission!.IsCrossBorder);
            Assert.Equal(EdgeOracle.Protocol.Address.Parse("0xdc64a140aa3e981100a9beca4e685f962f0cf6c9"), submission.PayToken);
            Assert.Equal(new System.Numerics.BigInteger(10_505_000), submission.AuthorizedValue.ToUnsignedInteger());
            Assert.Equal(EdgeOracle.Protocol.Address.Parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906"), submission.Authorization.From);
            Assert.Equal(1_900_000_000ul, submission.Authorization.ValidBefore);
            Assert.Equal(intent.Envelope, payload[..243]);
        }

        [Fact]
        public void ACrossBorderPutAuthorization_InTheIntentsOwnToken_OrForZero_Answers6A80_AndSubmitsNothing()
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);
            Send(Select);
            Send(GetIntent);
            byte[] signature = new byte[65];
            signature[64] = 27;
            byte[] put = Put(intent.Digest, 0, 1_900_000_000, signature);
            byte[] sameToken = new byte[put.Length + 52];
            put.CopyTo(sameToken, 0);
            sameToken[4] = 185;
            Hex.Decode(TestKeys.Token).CopyTo(sameToken, put.Length);
            sameToken[^1] = 1;
            byte[] zero = (byte[])sameToken.Clone();
            Hex.Decode("0xdc64a140aa3e981100a9beca4e685f962f0cf6c9").CopyTo(zero, put.Length);
            zero[^1] = 0;

            Assert.Equal(new byte[] { 0x6A, 0x80 }, Send(sameToken));
            Assert.Equal(new byte[] { 0x6A, 0x80 }, Send(zero));
            Assert.Equal(TerminalState.WaitingForCustomer, _terminal.State);
            Assert.Empty(_transport.Published);
        }

        [Fact]
        public void PutAuthorization_ForAnotherIntent_Answers6982_AndSubmitsNothing()
        {
            _terminal.BeginSale(500, new byte[32]);
            Send(Select);
            byte[] signature = new byte[65];
            signature[64] = 27;

            Assert.Equal(new byte[] { 0x69, 0x82 }, Send(Put(new byte[32], 0, 1_900_000_000, signature)));
            Assert.Equal(TerminalState.IntentSigned, _terminal.State);
            Assert.Empty(_transport.Published);
        }

        [Fact]
        public void PutAuthorization_WithBadV_Answers6A80()
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);
            Send(Select);

            Assert.Equal(new byte[] { 0x6A, 0x80 }, Send(Put(intent.Digest, 0, 1_900_000_000, new byte[65])));
        }

        [Fact]
        public void PutAuthorization_WithAShortBody_Answers6700()
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);
            Send(Select);
            byte[] put = Put(intent.Digest, 0, 1, new byte[65]);

            Assert.Equal(new byte[] { 0x67, 0x00 }, Send(put[..^10]));
        }

        [Theory]
        [InlineData(new byte[] { 0x80, 0x99, 0x00, 0x00, 0x00 }, 0x6D, 0x00)]
        [InlineData(new byte[] { 0x90, 0xE1, 0x00, 0x00, 0x00 }, 0x6E, 0x00)]
        [InlineData(new byte[] { 0x80, 0xE1, 0x01, 0x00, 0x00 }, 0x6A, 0x86)]
        [InlineData(new byte[] { 0x80, 0xE1 }, 0x67, 0x00)]
        public void MalformedCommands_GetTheirIsoStatusWords(byte[] command, byte sw1, byte sw2)
        {
            Send(Select);

            Assert.Equal(new[] { sw1, sw2 }, Send(command));
        }

        [Fact]
        public void FieldLost_RequiresANewSelect()
        {
            _terminal.BeginSale(500, new byte[32]);
            Send(Select);
            _nfc.FieldLost();

            Assert.Equal(new byte[] { 0x69, 0x85 }, Send(GetIntent));
        }

        private static byte[] Put(byte[] digest, ulong validAfter, ulong validBefore, byte[] signature)
        {
            byte[] apdu = new byte[5 + 133];
            apdu[0] = 0x80;
            apdu[1] = 0xE2;
            apdu[4] = 133;
            digest.CopyTo(apdu, 5);
            Customer.CopyTo(apdu, 37);
            BinaryPrimitives.WriteUInt64BigEndian(apdu.AsSpan(57), validAfter);
            BinaryPrimitives.WriteUInt64BigEndian(apdu.AsSpan(65), validBefore);
            signature.CopyTo(apdu, 73);
            return apdu;
        }

        private byte[] Send(byte[] command)
        {
            int length = _nfc.Process(command, command.Length, _response);
            return _response[..length];
        }
    }
}
