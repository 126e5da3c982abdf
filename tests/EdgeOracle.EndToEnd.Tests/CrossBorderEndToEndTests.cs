using System;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Monitoring;
using EdgeOracle.Protocol.Nethereum;
using EdgeOracle.Protocol.Wire;
using PaymentIntent = EdgeOracle.Firmware.Core.Protocol.PaymentIntent;
using Eip712Domain = EdgeOracle.Firmware.Core.Protocol.Eip712Domain;
using Nethereum.Hex.HexConvertors.Extensions;
using EthECKey = Nethereum.Signer.EthECKey;
using MessageSigner = EdgeOracle.Firmware.Core.Device.MessageSigner;
using Nethereum.Signer.EIP712;
using Xunit;
using ProtocolAddress = EdgeOracle.Protocol.Address;
using ProtocolBytes32 = EdgeOracle.Protocol.Bytes32;
using ProtocolSignature = EdgeOracle.Protocol.Signature;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>
/// A sale priced in tUSD, paid by a customer who holds only tEUR: the gateway checks the customer's authorization on
/// the euro's own domain for the signed max-in, the relayer sends it to <c>PaymentHub.settleCrossBorder</c>, and the
/// hub swaps on the USD/EUR pair (seeded at 1 EUR = 1.10 USD). One whose max-in the swap would exceed is refused with
/// the reason in its row, and the customer keeps every euro.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class CrossBorderEndToEndTests(SystemFixture fixture)
{
    private const long Price = 11_000_000; // 11 tUSD

    [Fact]
    public async Task AEuroCustomer_PaysATusdSale_ThroughTheFxPair_AndOneAboveItsMaxIn_IsRefusedKeepingItsEuros()
    {
        var system = fixture.System;
        var euro = system.Deployment.File.Require("TestEuro").ToString();
        var hub = system.Deployment.PaymentHub;
        // The hub guards the swap with the pair's TWAP over a 15-minute window by default; the chain here is minutes
        // old, so the owner shortens the window to a second (the guard itself stays on, 2 % tolerance).
        await system.Deployer.SendAsync("PaymentHub", hub, "setFxGuard", 1u, (ushort)200);
        // A pair records a TWAP observation on its first update in a later block than its liquidity (a swap or a
        // poke; in production the oracle keeper pokes the pairs of Keepers:PairAddresses); the test pokes it here.
        await system.Deployer.SendAsync("ConstantProductPair", system.Deployment.File.Require("FxPair").ToString(), "poke");
        var terminalKey = await system.ProvisionTerminalAsync();
        var customer = Devnet.DeviceKey.Create();
        await system.Deployer.SendAsync("TestEuro", euro, "mint", customer.Address, new BigInteger(50_000_000));
        var merchantBefore = await system.Merchant.BalanceOfAsync(system.Merchant.From);
        var signer = new MessageSigner(
            new DeviceIdentity(terminalKey.PrivateKey),
            Eip712Domain.ForDeployment(system.Deployment.ChainId, system.Deployment.DeviceRegistry.HexToByteArray()),
            new MessageChain(0, new byte[32]));
        using var relays = RelayWatch.Start(system.Gateway.Events, terminalKey.Address);
        await using var raw = await RawDevice.ConnectAsync(system.MqttHost, system.MqttPort, terminalKey.Address);

        // 1. Max-in 10.5 tEUR for 11 tUSD: the pair needs about 10.03 (10 at its price, plus its 0.3 % fee).
        var paid = CrossBorderSale(system, signer, customer, euro, maxInput: 10_500_000, "receipt-fx-1");
        Assert.Equal(WireFormat.CrossBorderSubmissionSize, paid.Length);
        Assert.Equal(ReasonCodes.Accepted, (await raw.PublishAsync(Topics.Payments(terminalKey.Address), paid)).Reason);
        var settled = await relays.ForAsync(1);
        Assert.True(settled.Status == RelayStatus.Relayed, $"sale 1: {settled.Status} {settled.Error}");
        var fee = Price * 50 / 10_000;
        var merchantAfter = await Scenario.WaitForAsync(
            () => system.Merchant.BalanceOfAsync(system.Merchant.From), merchantBefore + Price - fee, TimeSpan.FromSeconds(60));
        Assert.Equal(merchantBefore + Price - fee, merchantAfter);
        var euroLeft = await EuroBalanceAsync(system, euro, customer.Address);
        var spent = 50_000_000 - euroLeft;
        Assert.InRange(spent, new BigInteger(10_000_000), new BigInteger(10_500_000 - 1)); // what the swap did not use came back

        // 2. Max-in 9 tEUR for the same 11 tUSD: the gateway cannot know the price, so it accepts and stores the sale;
        // the swap would need more than the customer allowed, so the relayer refuses to send it, naming why.
        var tooLittle = CrossBorderSale(system, signer, customer, euro, maxInput: 9_000_000, "receipt-fx-2");
        Assert.Equal(ReasonCodes.Accepted, (await raw.PublishAsync(Topics.Payments(terminalKey.Address), tooLittle)).Reason);
        var refused = await relays.ForAsync(2);
        Assert.Equal(RelayStatus.Failed, refused.Status);
        Assert.Contains("ConstantProductPairSlippageIn", refused.Error, StringComparison.Ordinal);
        Assert.Contains("more than the customer's max-in 9000000", refused.Error, StringComparison.Ordinal);
        Assert.Equal(euroLeft, await EuroBalanceAsync(system, euro, customer.Address));
        Assert.Equal(merchantAfter, await system.Merchant.BalanceOfAsync(system.Merchant.From));
        fixture.AssertGatewayLoggedNoErrors();
    }

    /// <summary>
    /// The terminal's next intent (11 tUSD), and the customer's EIP-3009 authorization of <paramref name="maxInput"/> tEUR
    /// to the hub on the tEUR domain with the intent digest as nonce, as a 396-byte cross-border submission.
    /// </summary>
    private static byte[] CrossBorderSale(Devnet.LocalEdgeSystem system, MessageSigner signer, Devnet.DeviceKey customer, string euro, long maxInput, string receipt)
    {
        var intent = signer.SignPaymentIntent(new PaymentIntent
        {
            Merchant = system.Merchant.From.HexToByteArray(),
            Token = system.Deployment.Stablecoin.HexToByteArray(),
            Amount = Price,
            Expiry = (ulong)DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeSeconds(),
            OrderRef = EmulatedTerminal.OrderRefFor(receipt),
        });
        var validBefore = (ulong)DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var authorization = new ReceiveWithAuthorizationStruct
        {
            From = customer.Address,
            To = system.Deployment.PaymentHub,
            Value = maxInput,
            ValidAfter = 0,
            ValidBefore = validBefore,
            Nonce = intent.Digest,
        };
        var signature = Eip712TypedDataSigner.Current.SignTypedDataV4(
            authorization, TypedDataFactory.For<ReceiveWithAuthorizationStruct>(system.Deployment.ChainId, "Test EUR", "1", euro),
            new EthECKey(customer.PrivateKey, true)).HexToByteArray();
        var domestic = Envelope.EncodeSubmission(intent.Envelope, customer.Address.HexToByteArray(), 0, validBefore, signature);
        Assert.Equal(Protocol.ReasonCode.Accepted, EnvelopeDecoder.ReadPaymentSubmission(domestic, out var submission));
        return EnvelopeEncoder.Encode(submission! with
        {
            CrossBorder = new CrossBorderTerms(ProtocolAddress.Parse(euro), ProtocolBytes32.FromUnsignedInteger(maxInput)),
            Authorization = submission.Authorization with { Signature = ProtocolSignature.Read(signature) },
        });
    }

    private static async Task<BigInteger> EuroBalanceAsync(Devnet.LocalEdgeSystem system, string euro, string owner) =>
        await system.Deployer.Contract("TestEuro", euro).GetFunction("balanceOf").CallAsync<BigInteger>(owner);
}
