using System;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Gateway.Chain;
using MessageKind = EdgeOracle.Protocol.MessageKind;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Contracts;
using System.Linq;
using System.Threading;
using EdgeOracle.Devnet;
using EdgeOracle.Gateway.Options;
using EnvelopeDecoder = EdgeOracle.Protocol.Wire.EnvelopeDecoder;
using ProtocolReason = EdgeOracle.Protocol.ReasonCode;
using Microsoft.Extensions.Options;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class PaymentEndToEndTests(SystemFixture fixture)
{
    [Fact]
    public async Task TapToPaySale_SettledByPaymentHub_PaysTheMerchantTheAmountLessTheFee_AndLowersCustomerBalance()
    {
        var system = fixture.System;
        var terminalKey = await system.ProvisionTerminalAsync();
        var customer = await system.FundCustomerAsync(Scenario.HundredDollars);
        var merchantBefore = await system.Merchant.BalanceOfAsync(system.Merchant.From);
        await using var terminal = await Scenario.StartTerminalAsync(system, terminalKey);

        var sale = await terminal.SellAsync(12_500_000, EmulatedTerminal.OrderRefFor("receipt-1001"), Scenario.Wallet(system, customer));

        sale.EnsureApproved();
        // PaymentHub keeps its fee (Deploy.s.sol sets 0.5 % to the treasury, the deployer) and pays the merchant the rest.
        var fee = 12_500_000 * 50 / 10_000;
        var merchantAfter = await Scenario.WaitForAsync(
            () => system.Merchant.BalanceOfAsync(system.Merchant.From), merchantBefore + 12_500_000 - fee, TimeSpan.FromSeconds(60));
        Assert.Equal(merchantBefore + 12_500_000 - fee, merchantAfter);
        Assert.Equal(Scenario.HundredDollars - 12_500_000, await system.Merchant.BalanceOfAsync(customer.Address));
        fixture.AssertGatewayLoggedNoErrors();
    }

    [Fact]
    public async Task ReplayedIntent_IsRejectedByGateway_AndNotSettledWhenSentStraightToPaymentHub()
    {
        var system = fixture.System;
        var terminalKey = await system.ProvisionTerminalAsync();
        var customer = await system.FundCustomerAsync(Scenario.HundredDollars);
        await using var terminal = await Scenario.StartTerminalAsync(system, terminalKey);
        var wallet = Scenario.Wallet(system, customer);
        var sale = (await terminal.SellAsync(4_000_000, EmulatedTerminal.OrderRefFor("receipt-2001"), wallet)).EnsureApproved();
        var settledBalance = await Scenario.WaitForAsync(
            () => system.Merchant.BalanceOfAsync(customer.Address), Scenario.HundredDollars - 4_000_000, TimeSpan.FromSeconds(60));
        Assert.Equal(Scenario.HundredDollars - 4_000_000, settledBalance);

        await using var raw = await RawDevice.ConnectAsync(system.MqttHost, system.MqttPort, terminalKey.Address);

        // 1. The very same submission again: refused as a duplicate, nothing is relayed twice.
        var exactReplay = await raw.PublishAsync(Topics.Payments(terminalKey.Address), sale.Submission!);
        Assert.Equal(ReasonCodes.Duplicate, exactReplay.Reason);

        // 2. A new intent, properly signed by the terminal, that reuses the settled sequence number.
        var signer = new MessageSigner(
            new DeviceIdentity(terminalKey.PrivateKey),
            Eip712Domain.ForDeployment(system.Deployment.ChainId, system.Deployment.DeviceRegistry.HexToByteArray()),
            new MessageChain(sale.Sequence - 1, new byte[32]));
        var reused = signer.SignPaymentIntent(new PaymentIntent
        {
            Merchant = system.Merchant.From.HexToByteArray(),
            Token = system.Deployment.Stablecoin.HexToByteArray(),
            Amount = 4_000_000,
            Expiry = (ulong)DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeSeconds(),
            OrderRef = EmulatedTerminal.OrderRefFor("receipt-2001-again"),
        });
        var auth = wallet.Authorize(reused.Envelope);
        var reusedSubmission = Envelope.EncodeSubmission(reused.Envelope, auth.FromBytes, auth.ValidAfter, auth.ValidBefore, auth.Signature);
        var sequenceReplay = await raw.PublishAsync(Topics.Payments(terminalKey.Address), reusedSubmission);
        Assert.Equal(ReasonCodes.SequenceReplayed, sequenceReplay.Reason);

        // Straight to PaymentHub, neither settles: the chain does not trust the gateway to have caught them.
        foreach (var submission in new[] { sale.Submission!, reusedSubmission })
        {
            var call = ChainAssert.CallFor(system, MessageKind.PaymentIntent, submission);
            Assert.Equal(RelayTarget.PaymentHub, call.Target);
            var batch = (SettleBatchFunction)call.Function;
            batch.FromAddress = system.Deployer.From;
            var settled = await system.Deployer.Web3.Eth.GetContractQueryHandler<SettleBatchFunction>()
                .QueryAsync<BigInteger>(system.Deployment.PaymentHub, batch);
            Assert.Equal(BigInteger.Zero, settled);
        }

        // The customer paid once.
        await Task.Delay(500);
        Assert.Equal(Scenario.HundredDollars - 4_000_000, await system.Merchant.BalanceOfAsync(customer.Address));
        fixture.AssertGatewayLoggedNoErrors();
    }

    [Fact]
    public async Task ABatchHoldingAForgedAndAnAlreadySettledSale_IsolatesBoth_AndSettlesTheRest()
    {
        var system = fixture.System;
        var terminalKey = await system.ProvisionTerminalAsync();
        var customer = await system.FundCustomerAsync(Scenario.HundredDollars);
        var wallet = Scenario.Wallet(system, customer);
        var signer = new MessageSigner(
            new DeviceIdentity(terminalKey.PrivateKey),
            Eip712Domain.ForDeployment(system.Deployment.ChainId, system.Deployment.DeviceRegistry.HexToByteArray()),
            new MessageChain(0, new byte[32]));
        var sales = new byte[4][];
        for (var i = 0; i < sales.Length; i++)
        {
            var intent = signer.SignPaymentIntent(new PaymentIntent
            {
                Merchant = system.Merchant.From.HexToByteArray(),
                Token = system.Deployment.Stablecoin.HexToByteArray(),
                Amount = 2_000_000,
                Expiry = (ulong)DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeSeconds(),
                OrderRef = EmulatedTerminal.OrderRefFor("batch-" + i),
            });
            var auth = wallet.Authorize(intent.Envelope);
            sales[i] = Envelope.EncodeSubmission(intent.Envelope, auth.FromBytes, auth.ValidAfter, auth.ValidBefore, auth.Signature);
        }

        // Sale 2 was settled already (the customer's wallet sent it itself); sale 3's amount was raised after the
        // terminal signed it: a forgery whose terminal signature no longer matches.
        var outsider = new NethereumChainClient(new ChainConnection(Options.Create(new ChainOptions
        {
            RpcUrl = system.Deployment.RpcUrl, ChainId = (long)system.Deployment.ChainId, RelayerPrivateKey = DevAccounts.Farmer,
        })));
        var alone = (SettleBatchFunction)ChainAssert.CallFor(system, MessageKind.PaymentIntent, sales[1]).Function;
        await system.Deployer.Web3.Eth.GetContractTransactionHandler<SettleBatchFunction>().SendRequestAndWaitForReceiptAsync(system.Deployment.PaymentHub, alone);
        Assert.Equal(ProtocolReason.Accepted, EnvelopeDecoder.ReadPaymentSubmission(sales[2], out var honest));
        var raised = honest!.Intent with { Body = honest.Intent.Body with { Amount = EdgeOracle.Protocol.Bytes32.FromUnsignedInteger(2_000_001UL) } };
        sales[2] = EdgeOracle.Protocol.Wire.EnvelopeEncoder.Encode(honest with { Intent = raised });

        // The relayer's one settleBatch call for all four, as it builds it from stored rows.
        var batch = ChainAssert.BatchFor(system, MessageKind.PaymentIntent, sales);
        Assert.Equal(RelayTarget.PaymentHub, batch.Target);
        var merchantBefore = await system.Merchant.BalanceOfAsync(system.Merchant.From);
        var function = (SettleBatchFunction)batch.Function;
        function.FromAddress = system.Deployer.From;
        var sent = await system.Deployer.Web3.Eth.GetContractTransactionHandler<SettleBatchFunction>()
            .SendRequestAndWaitForReceiptAsync(system.Deployment.PaymentHub, function);
        Assert.Equal(1, (int)sent.Status.Value);

        // Each item's fate from the receipt's events, as the relayer reads it: both bad ones isolated, by their own reasons.
        var receipt = await outsider.GetReceiptAsync(sent.TransactionHash, CancellationToken.None);
        var results = BatchReceipt.Read(batch, receipt!);
        Assert.Equal([ItemEffect.Taken, ItemEffect.AlreadyOnChain, ItemEffect.Skipped, ItemEffect.Taken], results.Select(r => r.Effect));
        Assert.Equal("PaymentSkipped: PaymentHubBadSignature", results[2].Detail);
        var fee = 2_000_000 * 50 / 10_000;
        Assert.Equal(merchantBefore + (2 * (2_000_000 - fee)), await system.Merchant.BalanceOfAsync(system.Merchant.From));
        Assert.Equal(Scenario.HundredDollars - (3 * 2_000_000), await system.Merchant.BalanceOfAsync(customer.Address));
        fixture.AssertGatewayLoggedNoErrors();
    }
}
