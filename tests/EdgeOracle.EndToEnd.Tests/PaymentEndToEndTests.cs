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
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class PaymentEndToEndTests(SystemFixture fixture)
{
    [Fact]
    public async Task TapToPaySale_RaisesMerchantBalanceByAmount_AndLowersCustomerBalance()
    {
        var system = fixture.System;
        var terminalKey = await system.ProvisionTerminalAsync();
        var customer = await system.FundCustomerAsync(Scenario.HundredDollars);
        var merchantBefore = await system.Merchant.BalanceOfAsync(system.Merchant.From);
        await using var terminal = await Scenario.StartTerminalAsync(system, terminalKey);

        var sale = await terminal.SellAsync(12_500_000, EmulatedTerminal.OrderRefFor("receipt-1001"), Scenario.Wallet(system, customer));

        sale.EnsureApproved();
        var merchantAfter = await Scenario.WaitForAsync(
            () => system.Merchant.BalanceOfAsync(system.Merchant.From), merchantBefore + 12_500_000, TimeSpan.FromSeconds(60));
        Assert.Equal(merchantBefore + 12_500_000, merchantAfter);
        Assert.Equal(Scenario.HundredDollars - 12_500_000, await system.Merchant.BalanceOfAsync(customer.Address));
        fixture.AssertGatewayLoggedNoErrors();
    }

    [Fact]
    public async Task ReplayedIntent_IsRejectedByGateway_AndRevertsWhenSentStraightToTheRouter()
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

        // Straight to the router, both revert: the chain does not trust the gateway to have caught them.
        var router = system.Deployment.PaymentRouter;
        var replayCall = RelayCall.FromStoredPayload(MessageKind.PaymentIntent, sale.Submission!, system.Deployment.ParametricInsurance, router);
        await ChainAssert.RevertsWithAsync(system.Deployer.Web3, router, ((SettleFunction)replayCall.Function).GetCallData(), system.Deployer.From,
            "PaymentRouterAlreadySettled(bytes32)");
        var reusedCall = RelayCall.FromStoredPayload(MessageKind.PaymentIntent, reusedSubmission, system.Deployment.ParametricInsurance, router);
        await ChainAssert.RevertsWithAsync(system.Deployer.Web3, router, ((SettleFunction)reusedCall.Function).GetCallData(), system.Deployer.From,
            "PaymentRouterSequenceReplayed(address,uint64,uint64)");

        // The customer paid once.
        await Task.Delay(500);
        Assert.Equal(Scenario.HundredDollars - 4_000_000, await system.Merchant.BalanceOfAsync(customer.Address));
        fixture.AssertGatewayLoggedNoErrors();
    }
}
