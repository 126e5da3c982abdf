using System;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Nethereum;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.Gateway.Verification;
using Nethereum.Hex.HexConvertors.Extensions;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Verification;

public class AuthorizationVerifierTests
{
    private readonly AuthorizationVerifier _verifier = new(TestChain.Deployment());
    private readonly TestDevice _terminal = new();
    private readonly TestDevice _customer = new();

    [Fact]
    public void Verify_AcceptsTheCustomersAuthorization_ForThisIntent()
    {
        Assert.Equal(ReasonCode.Accepted, Verify(_terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner)));
    }

    [Fact]
    public void Verify_RefusesAnAuthorizationForAnotherRouterAmountOrNonce()
    {
        Assert.Equal(ReasonCode.BadAuthorization, Verify(Payment(a => a.To = TestChain.Quorum)));
        Assert.Equal(ReasonCode.BadAuthorization, Verify(Payment(a => a.Value += 1)));
        Assert.Equal(ReasonCode.BadAuthorization, Verify(Payment(a => a.Nonce = new byte[32])));
    }

    [Fact]
    public void Verify_RefusesAnAuthorizationClaimingAnotherPayer()
    {
        var message = _terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, advance: false);
        var forged = (byte[])message.Payload.Clone();
        new TestDevice().Address.HexToByteArray().CopyTo(forged, WireFormat.PaymentIntentSize);

        Assert.Equal(ReasonCode.BadAuthorization, Verify(message with { Payload = forged }));
    }

    [Fact]
    public void Verify_RefusesAnIntentForAnotherToken()
    {
        Assert.Equal(ReasonCode.BadAuthorization,
            Verify(_terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, i => i.Token = TestChain.Quorum, advance: false)));
    }

    [Fact]
    public void Verify_RefusesAHighSAuthorization()
    {
        var message = _terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, advance: false);
        var highS = SignatureMutations.ToHighS(message.Payload, WireFormat.PaymentSubmissionSize - Signature.Size);

        Assert.Equal(ReasonCode.BadAuthorization, Verify(message with { Payload = highS }));
    }

    [Fact]
    public void Verify_AnswersExpired_OnceValidBeforeHasPassed_AndBadAuthorization_BeforeValidAfter()
    {
        Assert.Equal(ReasonCode.Expired, Verify(Payment(a => a.ValidBefore = TestDevice.Now)));
        Assert.Equal(ReasonCode.Accepted, Verify(Payment(a => a.ValidBefore = TestDevice.Now + 1)));
        Assert.Equal(ReasonCode.BadAuthorization, Verify(Payment(a => a.ValidAfter = TestDevice.Now)));
        Assert.Equal(ReasonCode.Accepted, Verify(Payment(a => a.ValidAfter = TestDevice.Now - 1)));
    }

    [Fact]
    public void IsExpired_AllowsSettlementUpToAndIncludingTheExpirySecond()
    {
        var intent = default(PaymentIntent) with { Expiry = TestDevice.Now };

        Assert.False(AuthorizationVerifier.IsExpired(intent, TestDevice.Now));
        Assert.True(AuthorizationVerifier.IsExpired(intent, TestDevice.Now + 1));
    }

    [Fact]
    public void Verify_AcceptsACrossBorderSale_SignedForTheMaxInput_OnThePayTokensOwnDomain()
    {
        var sale = _terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, advance: false, payWith: Euro(13_000_000));

        Assert.Equal(WireFormat.CrossBorderSubmissionSize, sale.Payload.Length);
        Assert.Equal((ReasonCode.Accepted, string.Empty), VerifyWithDetail(sale));
    }

    [Fact]
    public void Verify_RefusesACrossBorderSale_SignedForTheAmount_OrOnTheIntentTokensDomain_OrInAnUnknownToken()
    {
        var forAmount = _terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, a => a.Amount = 12_500_000, a => a.Value = 12_500_000, advance: false, payWith: Euro(13_000_000));
        var usdDomain = _terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, advance: false, payWith: Euro(13_000_000) with { TokenName = TestChain.TokenName });
        var unknown = _terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, advance: false, payWith: new PayWith(TestChain.Quorum, "Other", 13_000_000));

        var (reason, detail) = VerifyWithDetail(forAmount);
        Assert.Equal(ReasonCode.BadAuthorization, reason);
        Assert.Contains("max-in 13000000", detail, StringComparison.Ordinal);
        Assert.Contains("tEUR", detail, StringComparison.Ordinal);
        Assert.Equal(ReasonCode.BadAuthorization, Verify(usdDomain));
        (reason, detail) = VerifyWithDetail(unknown);
        Assert.Equal(ReasonCode.BadAuthorization, reason);
        Assert.Contains($"pay token {TestChain.Quorum} is not a token of the deployment", detail, StringComparison.Ordinal);
        Assert.Contains("tUSD", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AcceptsASalePricedInTheSecondToken_OnItsDomain()
    {
        var euroSale = _terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, i => i.Token = TestChain.EuroToken, advance: false,
            tokenName: TestChain.EuroName);

        Assert.Equal(ReasonCode.Accepted, Verify(euroSale));
    }

    private static PayWith Euro(long maxInput) => new(TestChain.EuroToken, TestChain.EuroName, maxInput);

    private SignedMessage Payment(Action<ReceiveWithAuthorizationStruct> change) =>
        _terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, changeAuthorization: change, advance: false);

    private ReasonCode Verify(SignedMessage message) => VerifyWithDetail(message).Reason;

    private (ReasonCode Reason, string Detail) VerifyWithDetail(SignedMessage message)
    {
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadPaymentSubmission(message.Payload, out var submission));
        return _verifier.Verify(submission!, message.DigestWord, TestDevice.Now);
    }
}
