using System;
using Microsoft.Extensions.Logging;

namespace EdgeOracle.Gateway.Chain;

/// <summary>The relayer's log messages (event ids 300–321).</summary>
public sealed partial class OutboxRelayer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Relayed {Kind} {Device} #{Sequence} in {TransactionHash} (block {BlockNumber})")]
        public static partial void Relayed(ILogger logger, string kind, string device, ulong sequence, string transactionHash, long blockNumber);

        [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Relay of {Kind} {Device} #{Sequence} failed for good (tx {TransactionHash}): {Error}")]
        public static partial void Failed(ILogger logger, string kind, string device, ulong sequence, string? transactionHash, string error);

        [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Relay of {Kind} {Device} #{Sequence} attempt {Attempts} hit a transient error; retry in {Delay}: {Error}")]
        public static partial void Retrying(ILogger logger, string kind, string device, ulong sequence, int attempts, TimeSpan delay, string error);

        [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Relay round failed; pausing before the next")]
        public static partial void RoundFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Relaying is disabled (Chain:RelayEnabled = false)")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "{Kind} {Device} #{Sequence} is on chain already: {Detail}")]
        public static partial void AlreadyOnChain(ILogger logger, string kind, string device, ulong sequence, string detail);

        [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "{Kind} {Device} #{Sequence}: transaction {TransactionHash} is gone from the node (dropped or reorganised away); sending again")]
        public static partial void Resending(ILogger logger, string kind, string device, ulong sequence, string transactionHash);

        [LoggerMessage(EventId = 307, Level = LogLevel.Information, Message = "{Kind} {Device} #{Sequence}: following transaction {TransactionHash} (nonce {Nonce}) recorded before the restart")]
        public static partial void Adopted(ILogger logger, string kind, string device, ulong sequence, string? transactionHash, long nonce);

        [LoggerMessage(EventId = 308, Level = LogLevel.Warning, Message = "{Kind} {Device} #{Sequence}: nonce {Nonce} not mined in time; replacing it, max fee {OldMaxFeeGwei} → {NewMaxFeeGwei} gwei")]
        public static partial void Bumping(ILogger logger, string kind, string device, ulong sequence, long nonce, decimal oldMaxFeeGwei, decimal newMaxFeeGwei);

        [LoggerMessage(EventId = 309, Level = LogLevel.Warning, Message = "{Kind} {Device} #{Sequence}: nonce {Nonce} is not mined and its fees are at the cap (Chain:MaxFeePerGasGwei = {CapGwei}); waiting")]
        public static partial void AtFeeCap(ILogger logger, string kind, string device, ulong sequence, long nonce, decimal capGwei);

        [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "{Kind} {Device} #{Sequence}: block {BlockNumber} with transaction {TransactionHash} was reorganised away before the confirmation depth")]
        public static partial void ReorganisedAway(ILogger logger, string kind, string device, ulong sequence, string transactionHash, long blockNumber);

        [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "{Kind} {Device} #{Sequence}: nonce {Nonce} is taken ({Error}); following up with the node's nonce")]
        public static partial void NonceConflict(ILogger logger, string kind, string device, ulong sequence, long nonce, string error);

        [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Nonce {Nonce} was a gap that held back the relayer's transactions; sent filler {TransactionHash}: {Status}")]
        public static partial void GapFilled(ILogger logger, long nonce, string transactionHash, string status);

        [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Chain node not answering ({InFlight} rows in flight keep their transactions): {Error}")]
        public static partial void ChainUnavailable(ILogger logger, int inFlight, string error);

        [LoggerMessage(EventId = 314, Level = LogLevel.Information, Message = "Chain node answering again; following {InFlight} rows in flight")]
        public static partial void ChainBack(ILogger logger, int inFlight);

        [LoggerMessage(EventId = 315, Level = LogLevel.Debug, Message = "Sent {Kind} {Device} #{Sequence} as {TransactionHash} (nonce {Nonce}, max fee {MaxFeeGwei} gwei)")]
        public static partial void Sent(ILogger logger, string kind, string device, ulong sequence, string transactionHash, long nonce, decimal maxFeeGwei);

        [LoggerMessage(EventId = 316, Level = LogLevel.Warning, Message = "The next block's base fee ({BaseFeeGwei} gwei) is above Chain:MaxFeePerGasGwei ({CapGwei}); transactions wait until it falls")]
        public static partial void FeeCapBelowBaseFee(ILogger logger, decimal baseFeeGwei, decimal capGwei);

        [LoggerMessage(EventId = 317, Level = LogLevel.Debug, Message = "{Kind} {Device} #{Sequence}: {TransactionHash} mined in block {BlockNumber}; relayed at {Confirmations} confirmations")]
        public static partial void Mined(ILogger logger, string kind, string device, ulong sequence, string transactionHash, long blockNumber, int confirmations);

        [LoggerMessage(EventId = 318, Level = LogLevel.Warning, Message = "{Kind} {Device} #{Sequence}: the node refused the replacement at nonce {Nonce} ({Error}); following the transaction it holds")]
        public static partial void BumpRefused(ILogger logger, string kind, string device, ulong sequence, long nonce, string error);

        [LoggerMessage(EventId = 319, Level = LogLevel.Warning, Message = "{Kind} {Device} #{Sequence}: {TransactionHash} was {What}, yet the call estimates fine now; sending again")]
        public static partial void MinedWithoutEffect(ILogger logger, string kind, string device, ulong sequence, string transactionHash, string what);

        [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "A batch of {Count} for {Target} does not estimate ({Error}); sending its items one by one to find the bad one")]
        public static partial void Isolating(ILogger logger, int count, string target, string error);

        [LoggerMessage(EventId = 321, Level = LogLevel.Debug, Message = "Batch of {Count} for {Target} sent as {TransactionHash} (nonce {Nonce})")]
        public static partial void BatchSent(ILogger logger, int count, string target, string transactionHash, long nonce);

        [LoggerMessage(EventId = 322, Level = LogLevel.Information, Message = "{Kind} {Device} #{Sequence} stored, not relayed: {Reason}")]
        public static partial void NotRelayed(ILogger logger, string kind, string device, ulong sequence, string reason);

        [LoggerMessage(EventId = 323, Level = LogLevel.Warning, Message = "The chain does not hold {Deployment}: {Problem}. Nothing is sent until it does; stored messages wait in the outbox")]
        public static partial void DeploymentMismatchSeen(ILogger logger, string deployment, string problem);

        [LoggerMessage(EventId = 325, Level = LogLevel.Error, Message = "The chain has not held {Deployment} for {Seconds} s: {Problem}. Nothing is sent until it does; stored messages wait in the outbox")]
        public static partial void DeploymentMismatch(ILogger logger, string deployment, string problem, int seconds);

        [LoggerMessage(EventId = 324, Level = LogLevel.Information, Message = "The chain holds {Deployment}; relaying")]
        public static partial void DeploymentMatches(ILogger logger, string deployment);
    }
}
