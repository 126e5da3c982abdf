using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.Gateway.Verification;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Verification;

public class SignatureRecoveryTests
{
    private const int SignatureOffset = WireFormat.ObservationSize - Signature.Size;

    [Fact]
    public void TryRecover_ReturnsTheNethereumSigner_ForADeviceSignedObservation()
    {
        var device = new TestDevice();
        var message = device.Observation();

        Assert.True(SignatureRecovery.TryRecover(message.DigestWord, Signature.Read(message.Payload[SignatureOffset..]), out var signer));
        Assert.Equal(device.GatewayAddress, signer);
    }

    [Fact]
    public void IsSignedBy_RefusesTheHighSTwin_ThoughItRecoversTheSameSigner()
    {
        var device = new TestDevice();
        var message = device.Observation();
        var twin = Signature.Read(SignatureMutations.ToHighS(message.Payload, SignatureOffset)[SignatureOffset..]);

        Assert.True(SignatureRecovery.TryRecover(message.DigestWord, twin, out var signer));
        Assert.Equal(device.GatewayAddress, signer);
        Assert.False(twin.IsLowS);
        Assert.False(SignatureRecovery.IsSignedBy(message.DigestWord, twin, device.GatewayAddress));
    }

    [Fact]
    public void IsSignedBy_IsFalse_ForAnotherDigestOrAnotherDevice()
    {
        var device = new TestDevice();
        var message = device.Observation();
        var signature = Signature.Read(message.Payload[SignatureOffset..]);

        Assert.True(SignatureRecovery.IsSignedBy(message.DigestWord, signature, device.GatewayAddress));
        Assert.False(SignatureRecovery.IsSignedBy(Keccak256.Hash([1]), signature, device.GatewayAddress));
        Assert.False(SignatureRecovery.IsSignedBy(message.DigestWord, signature, new TestDevice().GatewayAddress));
    }

    [Fact]
    public void TryRecover_IsFalse_ForAZeroSignature()
    {
        Assert.False(SignatureRecovery.TryRecover(Keccak256.Hash([1]), new Signature(default, default, 27), out _));
        Assert.False(SignatureRecovery.TryRecover(Keccak256.Hash([1]), new Signature(default, default, 0), out _));
    }
}
