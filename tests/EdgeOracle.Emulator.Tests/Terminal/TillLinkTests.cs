using System;
using System.Collections.Generic;
using System.Text;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Terminal;

namespace EdgeOracle.Emulator.Tests.Terminal
{
    public class TillLinkTests
    {
        private static readonly DateTimeOffset Noon = StationHarness.Monday.AddHours(12);
        private readonly VirtualClock _clock = new(Noon);
        private readonly FakeTransport _transport = new();
        private readonly DeviceIdentity _identity = new(TestKeys.Terminal);
        private readonly PaymentTerminal _terminal;
        private readonly RecordingOutput _till = new();
        private readonly TillLink _link;

        public TillLinkTests()
        {
            Eip712Domain domain = Eip712Domain.ForDeployment(TestKeys.ChainId, Hex.Decode(TestKeys.Registry));
            var config = new PaymentTerminalConfig(Hex.Decode(TestKeys.Merchant), Hex.Decode(TestKeys.Token));
            _terminal = new PaymentTerminal(new MessageSigner(_identity, domain, new MessageChain()), _identity.AddressHex, _clock, _transport, config);
            _link = new TillLink(_terminal, _till);
        }

        [Fact]
        public void SaleLine_SignsAnIntentForTheAmount_WithTheReceiptHashAsOrderRef()
        {
            Send("SALE 12500000 R-1001\n");

            Assert.Equal(["OK R-1001"], _till.Lines);
            Assert.Equal(TerminalState.IntentSigned, _terminal.State);
            PaymentIntent intent = Envelope.DecodePaymentIntent(_terminal.IntentEnvelope!);
            Assert.Equal(12_500_000ul, intent.Amount);
            Assert.Equal(Keccak256.Hash(Encoding.ASCII.GetBytes("R-1001")), intent.OrderRef);
        }

        [Fact]
        public void BytesArrivingInPieces_WithCrLf_AreAssembledIntoOneLine()
        {
            foreach (byte b in Encoding.ASCII.GetBytes("SALE 450 A.7_x\r\n"))
            {
                _link.Feed([b], 0, 1);
            }

            Assert.Equal(["OK A.7_x"], _till.Lines);
            Assert.Equal(450ul, _terminal.Amount);
        }

        [Theory]
        [InlineData("SALE 0 R-1\n", "ERR bad amount")]
        [InlineData("SALE 12x R-1\n", "ERR bad amount")]
        [InlineData("SALE 18446744073709551616 R-1\n", "ERR bad amount")]
        [InlineData("SALE 100 R 1\n", "ERR expected SALE <amount> <receipt>")]
        [InlineData("SALE 100\n", "ERR expected SALE <amount> <receipt>")]
        [InlineData("SALE 100 R/1\n", "ERR bad receipt")]
        [InlineData("SALE 100 ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456\n", "ERR bad receipt")]
        [InlineData("REFUND 100 R-1\n", "ERR unknown command")]
        [InlineData("CANCEL\n", "ERR nothing to cancel")]
        public void MalformedLine_IsAnsweredWithAnError_AndStartsNoSale(string line, string answer)
        {
            Send(line);

            Assert.Equal([answer], _till.Lines);
            Assert.Equal(TerminalState.Idle, _terminal.State);
            Assert.Equal(1, _link.RefusedLineCount);
        }

        [Fact]
        public void LineLongerThanTheLimit_IsRefused_AndTheNextLineStillWorks()
        {
            Send("SALE 1 " + new string('A', TillLink.MaxLineLength) + "\nSALE 1 R-2\n");

            Assert.Equal(["ERR too long", "OK R-2"], _till.Lines);
        }

        [Fact]
        public void SecondSale_WhileOneIsOpen_IsAnsweredBusy()
        {
            Send("SALE 100 R-1\nSALE 200 R-2\n");

            Assert.Equal(["OK R-1", "BUSY"], _till.Lines);
            Assert.Equal(100ul, _terminal.Amount);
        }

        [Fact]
        public void CancelLine_VoidsTheOpenSale_AndReportsItCancelled()
        {
            Send("SALE 100 R-1\nCANCEL\n");

            Assert.Equal(["OK R-1", "CANCELLED R-1"], _till.Lines);
            Assert.Equal(TerminalState.Idle, _terminal.State);
            Assert.Equal(1, _terminal.PendingVoidCount);
        }

        [Theory]
        [InlineData(ReasonCodes.Accepted, "APPROVED R-9")]
        [InlineData(ReasonCodes.BadAuthorization, "DECLINED R-9 BadAuthorization")]
        public void GatewayAnswer_IsReportedToTheTill(byte reason, string expected)
        {
            Send("SALE 100 R-9\n");
            SignedMessage intent = _terminal.Intent!;
            _terminal.SubmitAuthorization(Hex.Decode("0x90f79bf6eb2c4f870365e785982e1f101e93b906"), 0, 1_900_000_000, new byte[65]);

            _terminal.AckReceived(Acks.For(MessageKinds.PaymentIntent, intent.Sequence, reason, intent.Digest));
            _terminal.Poll();

            Assert.Equal(["OK R-9", expected], _till.Lines);
        }

        private void Send(string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            _link.Feed(bytes, 0, bytes.Length);
        }

        private sealed class RecordingOutput : ILineOutput
        {
            public List<string> Lines { get; } = new();

            public void WriteLine(string line) => Lines.Add(line);
        }
    }
}
