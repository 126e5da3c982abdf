using System;
using System.Buffers.Binary;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Emulator.Wallet;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Terminal;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EdgeOracle.Emulator.Tests.Devices
{
    public class EmulatedTerminalTests : BrokerTest
    {
        private readonly CustomerWalletOptions _walletOptions = new()
        {
            ChainId = TestKeys.ChainId,
            DeviceRegistry = TestKeys.Registry,
            TokenName = TestKeys.TokenName,
            TokenAddress = TestKeys.Token,
            PaymentHub = TestKeys.Router,
        };

        [Fact]
        public async Task Sell_PublishesAnAuthorizedSubmission_AndIsApprovedWhenTheGatewayAccepts()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _walletOptions);
            Gateway.Answer = (_, payload) => AnswerSubmission(wallet, payload, ReasonCodes.Accepted);
            await using EmulatedTerminal terminal = await EmulatedTerminal.StartAsync(Options());

            SaleResult sale = await terminal.SellAsync(12_500_000, EmulatedTerminal.OrderRefFor("R-0001"), wallet);

            sale.EnsureApproved();
            Assert.Equal("Accepted", sale.ReasonName);
            (string topic, byte[] submission) = Assert.Single(Gateway.Distinct);
            Assert.Equal("eo/v1/" + terminal.Address + "/pay", topic);
            Assert.Equal(344, submission.Length);
            Assert.Equal(sale.Submission, submission);
            Assert.Equal(sale.IntentEnvelope, submission[..243]);

            // The customer part of the submission, read back by offsets, recovers to the wallet.
            CustomerAuthorization auth = new(
                submission[243..263].ToHex(true),
                TestKeys.Router,
                12_500_000,
                BinaryPrimitives.ReadUInt64BigEndian(submission.AsSpan(263)),
                BinaryPrimitives.ReadUInt64BigEndian(submission.AsSpan(271)),
                wallet.ReadIntent(submission[..243]).Digest,
                submission[279..344]);
            Assert.Equal(wallet.Address, CustomerWallet.RecoverAuthorizer(auth, _walletOptions));
            Assert.Equal(sale.IntentDigest, auth.Nonce);
        }

        [Fact]
        public async Task Sell_IsDeclinedWithTheGatewaysReason()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _walletOptions);
            Gateway.Answer = (_, payload) => AnswerSubmission(wallet, payload, ReasonCodes.BadAuthorization);
            await using EmulatedTerminal terminal = await EmulatedTerminal.StartAsync(Options());

            SaleResult sale = await terminal.SellAsync(700, EmulatedTerminal.OrderRefFor("R-0002"), wallet);

            Assert.Equal(TerminalState.Declined, sale.State);
            Assert.Equal(ReasonCodes.BadAuthorization, sale.Reason);
            InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => sale.EnsureApproved());
            Assert.Contains("BadAuthorization", e.Message);
        }

        [Fact]
        public async Task Sell_TimesOut_WhenNoGatewayAnswers()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _walletOptions);
            await using EmulatedTerminal terminal = await EmulatedTerminal.StartAsync(Options() with { AckTimeout = TimeSpan.FromMilliseconds(300) });

            SaleResult sale = await terminal.SellAsync(700, EmulatedTerminal.OrderRefFor("R-0003"), wallet);

            Assert.Equal(TerminalState.TimedOut, sale.State);
            Assert.Null(sale.Reason);
            Assert.Contains("/pay", Assert.Throws<InvalidOperationException>(() => sale.EnsureApproved()).Message);
        }

        [Fact]
        public async Task SecondSale_ChainsToTheFirst_AndProgressFollowsTheStateMachine()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _walletOptions);
            Gateway.Answer = (_, payload) => AnswerSubmission(wallet, payload, ReasonCodes.Accepted);
            await using EmulatedTerminal terminal = await EmulatedTerminal.StartAsync(Options());
            System.Collections.Generic.List<TerminalState> states = new();
            terminal.Progress += (_, p) => states.Add(p.State);

            SaleResult first = await terminal.SellAsync(100, EmulatedTerminal.OrderRefFor("A"), wallet);
            SaleResult second = await terminal.SellAsync(200, EmulatedTerminal.OrderRefFor("B"), wallet);

            Assert.Equal(first.Sequence + 1, second.Sequence);
            Assert.Equal(first.IntentDigest, wallet.ReadIntent(second.IntentEnvelope).PrevHash);
            TerminalState[] oneSale = [TerminalState.Amount, TerminalState.IntentSigned, TerminalState.WaitingForCustomer, TerminalState.Submitted, TerminalState.Approved];
            Assert.Equal(oneSale.Concat(oneSale), states);
        }

        [Fact]
        public async Task RunSales_SellsOverNfc_AndPublishesTheCancelledIntentAsAVoidThatKeepsTheChain()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _walletOptions);
            Gateway.Answer = (_, payload) => AnswerSubmission(wallet, payload, ReasonCodes.Accepted);
            await using EmulatedTerminal terminal = await EmulatedTerminal.StartAsync(Options());

            var outcomes = await terminal.RunSalesAsync(EdgeOracle.Emulator.Scenarios.Scenario.LoadEmbedded("market-day"), wallet);

            Assert.Equal(["R-1001 tap: Approved (Accepted)", "R-1002 cancel: void #2 answered Accepted", "R-1003 tap: Approved (Accepted)"], outcomes);
            // A message resent because its answer was slow (a busy machine) is the same bytes: count each once.
            byte[][] payloads = Gateway.Received.Select(r => r.Payload).DistinctBy(System.Convert.ToHexString).ToArray();
            Assert.Equal(new[] { 344, 243, 344 }, payloads.Select(p => p.Length));
            IntentView voided = wallet.ReadIntent(payloads[1]);
            Assert.Equal(voided.Digest, wallet.ReadIntent(payloads[2][..243]).PrevHash);
            Assert.Equal(0, terminal.Terminal.PendingVoidCount);
            Assert.Equal(2 * 3, terminal.Field.ApduCount); // two taps: SELECT, GET-INTENT, PUT-AUTHORIZATION
            Assert.Equal("Approved", terminal.Display.Detail);
            Assert.Equal(2, terminal.Buzzer.BeepCount);
        }

        private static byte[] AnswerSubmission(CustomerWallet wallet, byte[] payload, byte reason)
        {
            IntentView intent = wallet.ReadIntent(payload[..243]);
            return Acks.For(MessageKinds.PaymentIntent, intent.Sequence, reason, intent.Digest);
        }

        private EmulatedTerminalOptions Options() => new()
        {
            PrivateKey = TestKeys.Terminal,
            DeviceRegistry = TestKeys.Registry,
            ChainId = TestKeys.ChainId,
            Merchant = TestKeys.Merchant,
            Token = TestKeys.Token,
            Mqtt = Broker.TransportOptions,
        };
    }
}
