namespace EdgeOracle.Protocol.Wire;

/// <summary>A decoded Observation envelope (167 bytes on the wire).</summary>
public sealed record ObservationEnvelope(uint DomainTag, Observation Body, Signature Signature);

/// <summary>A decoded PaymentIntent envelope (243 bytes on the wire).</summary>
public sealed record PaymentIntentEnvelope(uint DomainTag, PaymentIntent Body, Signature Signature);

/// <summary>What a terminal publishes: the intent envelope and the customer's authorization (344 bytes).</summary>
public sealed record PaymentSubmission(PaymentIntentEnvelope Intent, CustomerAuthorization Authorization);
