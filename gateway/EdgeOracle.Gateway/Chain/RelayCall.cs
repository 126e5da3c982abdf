using System;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Nethereum;
using EdgeOracle.Protocol.Wire;
using Nethereum.Contracts;

namespace EdgeOracle.Gateway.Chain;

/// <summary>One contract call the relayer makes for one stored message: the target contract and the function message.</summary>
/// <param name="Contract">Address of the contract called.</param>
/// <param name="Function">The Nethereum function message (its ABI encoding is the transaction's data).</param>
public sealed record RelayCall(string Contract, FunctionMessage Function)
{
    /// <summary>The ABI-encoded call data (selector and arguments), 0x-prefixed hex: the transaction's data.</summary>
    public string Data => "0x" + Convert.ToHexStringLower(Function switch
    {
        SubmitObservationFunction observation => observation.GetCallData(),
        SettleFunction settle => settle.GetCallData(),
        _ => throw new NotSupportedException($"No relay for {Function.GetType().Name}."),
    });

    /// <summary>Builds the call for a stored payload: an observation envelope or a payment submission.</summary>
    public static RelayCall FromStoredPayload(MessageKind kind, ReadOnlySpan<byte> payload, string insurance, string router)
    {
        if (EnvelopeDecoder.ReadHeader(payload, out var header) != ReasonCode.Accepted || header != kind)
        {
            throw new FormatException($"Stored payload is not a {kind}.");
        }

        if (kind == MessageKind.Observation)
        {
            if (EnvelopeDecoder.ReadObservation(payload, out var envelope) != ReasonCode.Accepted)
            {
                throw new FormatException("Stored observation cannot be read.");
            }

            return new RelayCall(insurance, ForObservation(envelope!));
        }

        if (EnvelopeDecoder.ReadPaymentSubmission(payload, out var submission) != ReasonCode.Accepted)
        {
            throw new FormatException("Stored payment submission cannot be read.");
        }

        return new RelayCall(router, ForPayment(submission!));
    }

    /// <summary><c>submitObservation(obs, signature)</c> for an observation envelope.</summary>
    public static SubmitObservationFunction ForObservation(ObservationEnvelope envelope)
    {
        return new SubmitObservationFunction
        {
            Obs = ObservationStruct.Of(envelope.Body),
            Signature = envelope.Signature.ToArray(),
        };
    }

    /// <summary><c>settle(intent, terminalSignature, auth)</c> for a payment submission.</summary>
    public static SettleFunction ForPayment(PaymentSubmission submission)
    {
        return new SettleFunction
        {
            Intent = PaymentIntentStruct.Of(submission.Intent.Body),
            TerminalSignature = submission.Intent.Signature.ToArray(),
            Auth = CustomerAuthorizationStruct.Of(submission.Authorization),
        };
    }
}
