using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Emulator.Ui;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Terminal;

namespace EdgeOracle.Emulator.Tests.Terminal
{
    public class TerminalFeedbackTests
    {
        private readonly VirtualClock _clock = new(StationHarness.Monday.AddHours(12));
        private readonly FakeTransport _transport = new();
        private readonly VirtualDisplay _display = new();
        private readonly VirtualBuzzer _buzzer = new();
        private readonly PaymentTerminal _terminal;

        public TerminalFeedbackTests()
        {
            DeviceIdentity identity = new(TestKeys.Terminal);
            Eip712Domain domain = Eip712Domain.ForDeployment(TestKeys.ChainId, Hex.Decode(TestKeys.Registry));
            PaymentTerminalConfig config = new(Hex.Decode(TestKeys.Merchant), Hex.Decode(TestKeys.Token));
            _terminal = new PaymentTerminal(new MessageSigner(identity, domain, new MessageChain()), identity.AddressHex, _clock, _transport, config);
            _ = new TerminalFeedback(_terminal, _display, _buzzer, 6, "USD");
        }

        [Theory]
        [InlineData(12_500_000ul, 6, "12.50")]
        [InlineData(5ul, 6, "0.00")]
        [InlineData(1_234ul, 2, "12.34")]
        [InlineData(7ul, 0, "7")]
        [InlineData(15ul, 1, "1.5")]
        public void FormatAmount_ShowsAtMostTwoDecimals(ulong minor, int decimals, string expected)
        {
            Assert.Equal(expected, TerminalFeedback.FormatAmount(minor, decimals));
        }

        [Fact]
        public void Display_FollowsTheSale_AndApprovalBeepsOnce()
        {
            Assert.Equal("Ready", _display.Detail);
            _terminal.EnterAmount(12_500_000);
            Assert.Equal(("12.50 USD", "Confirm?"), (_display.Title, _display.Detail));
            SignedMessage intent = _terminal.Confirm(new byte[32]);
            Assert.Equal("Tap to pay", _display.Detail);
            _terminal.SubmitAuthorization(new byte[20], 0, 1_900_000_000, new byte[65]);
            Assert.Equal("Processing...", _display.Detail);

            _terminal.AckReceived(Acks.For(0x02, intent.Sequence, ReasonCodes.Accepted, intent.Digest));
            _terminal.Poll();

            Assert.Equal("Approved", _display.Detail);
            Assert.Equal(1, _buzzer.LastPattern);
        }

        [Fact]
        public void Decline_ShowsTheReason_AndBeepsTwice()
        {
            SignedMessage intent = _terminal.BeginSale(500, new byte[32]);
            _terminal.SubmitAuthorization(new byte[20], 0, 1_900_000_000, new byte[65]);

            _terminal.AckReceived(Acks.For(0x02, intent.Sequence, ReasonCodes.BadAuthorization, intent.Digest));
            _terminal.Poll();

            Assert.Equal("Declined: BadAuthorization", _display.Detail);
            Assert.Equal(2, _buzzer.LastPattern);
        }
    }
}
