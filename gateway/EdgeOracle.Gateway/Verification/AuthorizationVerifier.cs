using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Wire;

namespace EdgeOracle.Gateway.Verification;

/// <summary>
/// Checks a customer's EIP-3009 <c>ReceiveWithAuthorization</c> for an intent, as the token contract will: signed by
/// <c>from</c> on the paying token's own EIP-712 domain with to = PaymentHub, nonce = intent digest, value = the
/// intent's amount (or, cross-border, the customer's signed maximum input of the pay token), and valid now
/// (<c>validAfter &lt; now &lt; validBefore</c>). Both the intent's token and the pay token must be tokens of the
/// deployment.
/// </summary>
public sealed class AuthorizationVerifier(Deployment deployment)
{
    /// <summary>
    /// Accepted, Expired (validBefore has passed) or BadAuthorization (a token not in the deployment, wrong signer,
    /// high s, or not yet valid), with a sentence naming the cause. <paramref name="nowUnixSeconds"/> comes from the
    /// gateway's TimeProvider.
    /// </summary>
    public (ReasonCode Reason, string Detail) Verify(PaymentSubmission submission, Bytes32 intentDigest, ulong nowUnixSeconds)
    {
        System.ArgumentNullException.ThrowIfNull(submission);
        var intent = submission.Intent.Body;
        var authorization = submission.Authorization;
        if (!deployment.TryGetToken(intent.Token, out _))
        {
            return (ReasonCode.BadAuthorization, $"the intent's token {intent.Token} is not a token of the deployment ({Accepted()})");
        }

        if (!deployment.TryGetToken(submission.PayToken, out var payToken))
        {
            return (ReasonCode.BadAuthorization, $"the customer's pay token {submission.PayToken} is not a token of the deployment ({Accepted()})");
        }

        var structHash = TypedDataHasher.ReceiveWithAuthorizationHash(
            authorization.From, deployment.PaymentHub, submission.AuthorizedValue,
            authorization.ValidAfter, authorization.ValidBefore, intentDigest);
        if (!SignatureRecovery.IsSignedBy(payToken.Domain.Digest(structHash), authorization.Signature, authorization.From))
        {
            return (ReasonCode.BadAuthorization, submission.IsCrossBorder
                ? $"customer authorization is not signed by 'from' for this intent with max-in {submission.AuthorizedValue.ToUnsignedInteger()} on the {payToken} domain"
                : $"customer authorization is not signed by 'from' for this intent on the {payToken} domain");
        }

        if (nowUnixSeconds >= authorization.ValidBefore)
        {
            return (ReasonCode.Expired, $"authorization validBefore {authorization.ValidBefore} has passed, now {nowUnixSeconds}");
        }

        return nowUnixSeconds <= authorization.ValidAfter
            ? (ReasonCode.BadAuthorization, $"authorization is not valid until after {authorization.ValidAfter}, now {nowUnixSeconds}")
            : (ReasonCode.Accepted, string.Empty);
    }

    /// <summary>True when the intent's own expiry has passed (it may settle up to and including <c>expiry</c>).</summary>
    public static bool IsExpired(in PaymentIntent intent, ulong nowUnixSeconds) => nowUnixSeconds > intent.Expiry;

    private string Accepted() => "accepted: " + string.Join(", ", System.Linq.Enumerable.Select(deployment.Tokens, t => t.ToString()));
}
