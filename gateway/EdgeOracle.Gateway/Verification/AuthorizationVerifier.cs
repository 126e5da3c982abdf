using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Wire;

namespace EdgeOracle.Gateway.Verification;

/// <summary>
/// Checks a customer's EIP-3009 <c>ReceiveWithAuthorization</c> for an intent, as the token contract will:
/// signed by <c>from</c> on the token's domain with to = router, value = amount, nonce = intent digest,
/// and valid now (<c>validAfter &lt; now &lt; validBefore</c>).
/// </summary>
public sealed class AuthorizationVerifier(Deployment deployment)
{
    /// <summary>
    /// Accepted, Expired (validBefore has passed) or BadAuthorization (wrong token, wrong signer, high s, or not yet
    /// valid). <paramref name="nowUnixSeconds"/> comes from the gateway's TimeProvider.
    /// </summary>
    public ReasonCode Verify(PaymentSubmission submission, Bytes32 intentDigest, ulong nowUnixSeconds)
    {
        var intent = submission.Intent.Body;
        var authorization = submission.Authorization;
        if (intent.Token != deployment.Token)
        {
            return ReasonCode.BadAuthorization;
        }

        var structHash = TypedDataHasher.ReceiveWithAuthorizationHash(
            authorization.From, deployment.PaymentHub, intent.Amount,
            authorization.ValidAfter, authorization.ValidBefore, intentDigest);
        var digest = deployment.TokenDomain.Digest(structHash);
        if (!SignatureRecovery.IsSignedBy(digest, authorization.Signature, authorization.From))
        {
            return ReasonCode.BadAuthorization;
        }

        if (nowUnixSeconds >= authorization.ValidBefore)
        {
            return ReasonCode.Expired;
        }

        return nowUnixSeconds <= authorization.ValidAfter ? ReasonCode.BadAuthorization : ReasonCode.Accepted;
    }

    /// <summary>True when the intent's own expiry has passed (it may settle up to and including <c>expiry</c>).</summary>
    public static bool IsExpired(in PaymentIntent intent, ulong nowUnixSeconds) => nowUnixSeconds > intent.Expiry;
}
