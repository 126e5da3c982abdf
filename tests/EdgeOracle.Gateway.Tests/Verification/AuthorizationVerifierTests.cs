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
        Assert.Equal(ReasonCode.BadAuthorization, Verify(Payment(a => a.To = TestChain.Insurance)));
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
            Verify(_terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, i => i.Token = TestChain.Insurance, advance: false)));
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

    private SignedMessage Payment(Action<ReceiveWithAuthorizationStruct> change) =>
        _terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, changeAuthorization: change, advance: false);

    private ReasonCode Verify(SignedMessage message)
    {
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadPaymentSubmission(message.Payload, out var submission));
        return _verifier.Verify(submission!, message.DigestWord, TestDevice.Now);
    }
}
