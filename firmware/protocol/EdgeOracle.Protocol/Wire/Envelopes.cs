namespace EdgeOracle.Protocol.Wire;

/// <summary>A decoded Observation envelope (167 bytes on the wire).</summary>
public sealed record ObservationEnvelope(uint DomainTag, Observation Body, Signature Signature);

/// <summary>A decoded PaymentIntent envelope (243 bytes on the wire).</summary>
public sealed record PaymentIntentEnvelope(uint DomainTag, PaymentIntent Body, Signature Signature);

/// <summary>
/// What a terminal publishes: the intent envelope and the customer's authorization (344 bytes), or, when the customer
/// pays in another token than the intent's, the intent, the authorization and its <see cref="CrossBorderTerms"/>
/// (396 bytes).
/// </summary>
/// <param name="Intent">The terminal-signed intent.</param>
/// <param name="Authorization">The customer's EIP-3009 authorization.</param>
/// <param name="CrossBorder">The pay token and the most of it authorized; null for a sale paid in the intent's token.</param>
public sealed record PaymentSubmission(PaymentIntentEnvelope Intent, CustomerAuthorization Authorization, CrossBorderTerms? CrossBorder = null)
{
    /// <summary>Whether the customer pays in another token than the intent's (settled through the pair).</summary>
    public bool IsCrossBorder => CrossBorder.HasValue;

    /// <summary>The token the customer's authorization is signed on: the pay token, or the intent's token.</summary>
    public Address PayToken => CrossBorder?.PayToken ?? Intent.Body.Token;

    /// <summary>The authorization's <c>value</c>: the signed max-in, or the intent's amount.</summary>
    public Bytes32 AuthorizedValue => CrossBorder?.MaxInput ?? Intent.Body.Amount;

    /// <summary>The size of this submission on the wire.</summary>
    public int WireSize => IsCrossBorder ? WireFormat.CrossBorderSubmissionSize : WireFormat.PaymentSubmissionSize;
}
