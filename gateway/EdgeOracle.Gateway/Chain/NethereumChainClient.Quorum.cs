using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace EdgeOracle.Gateway.Chain;

/// <summary>The QuorumInsurance reads of the relayer: a sensor's region and a window's counted sensors.</summary>
public sealed partial class NethereumChainClient
{
    /// <inheritdoc />
    public async Task<SensorMembership> GetSensorMembershipAsync(string contract, Address sensor, CancellationToken cancellationToken)
    {
        try
        {
            var state = await CallAsync<SensorStateFunction, SensorStateOutput>(contract, new SensorStateFunction { Sensor = sensor.ToString() }, cancellationToken).ConfigureAwait(false);
            if (state.RegionId == 0)
            {
                return default;
            }

            var sensors = await CallAsync<RegionSensorsFunction, RegionSensorsOutput>(contract, new RegionSensorsFunction { RegionId = state.RegionId }, cancellationToken).ConfigureAwait(false);
            return new SensorMembership(state.RegionId, state.Index, sensors.Sensors.Count);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"The region of {sensor} could not be read: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public async Task<uint> GetWindowCountedAsync(string contract, RoundKey round, CancellationToken cancellationToken)
    {
        try
        {
            var state = await CallAsync<WindowStateFunction, WindowStateOutput>(
                contract,
                new WindowStateFunction { RegionId = round.RegionId, Metric = round.Metric, WindowStart = round.WindowStart, WindowEnd = round.WindowEnd },
                cancellationToken).ConfigureAwait(false);
            return state.Counted;
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"The window state of {round} could not be read: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// <c>eth_call</c> of a view; an empty answer means no code at <paramref name="contract"/> (a chain not yet restored,
    /// a wrong address) and is reported as the chain being unavailable, so that nothing is routed on a wrong belief.
    /// </summary>
    private async Task<TOutput> CallAsync<TFunction, TOutput>(string contract, TFunction function, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new()
    {
        var input = new CallInput("0x" + Convert.ToHexStringLower(function.GetCallData()), contract);
        var result = await connection.Web3.Eth.Transactions.Call.SendRequestAsync(input, BlockParameter.CreateLatest())
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(result) || result == "0x")
        {
            throw new ChainUnavailableException($"QuorumInsurance at {contract} answered nothing: no code there (yet)");
        }

        return new TOutput().DecodeOutput(result);
    }

    /// <summary>
    /// A round's revert, by name: <c>QuorumInsuranceBadRound</c> for a window that has not ended by the chain's clock is
    /// transient (the chain's next blocks pass it); <c>QuorumInsuranceOffGrid</c> (no product of the region on that
    /// metric and window length) is permanent. Null for any other revert.
    /// </summary>
    private static Estimate? RoundRevert(RelayCall call, string revertData)
    {
        if (call.Function is not SubmitRoundFunction round)
        {
            return null;
        }

        var data = revertData.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? revertData[2..] : revertData;
        if (data.StartsWith(BadRoundSelector, StringComparison.OrdinalIgnoreCase) && round.WindowEnd > round.WindowStart)
        {
            return Estimate.Transient($"QuorumInsuranceBadRound: the chain's clock has not passed the window's end ({round.WindowEnd}) yet");
        }

        if (data.StartsWith(OffGridSelector, StringComparison.OrdinalIgnoreCase))
        {
            return Estimate.NotTaken($"QuorumInsuranceOffGrid: region {round.RegionId} has no product on metric {round.Metric} with windows of {round.WindowEnd - round.WindowStart} s starting at {round.WindowStart}");
        }

        return data.StartsWith(BadRoundSelector, StringComparison.OrdinalIgnoreCase)
            ? Estimate.Reverted("QuorumInsuranceBadRound: the window ends before it starts")
            : null;
    }

    private static readonly string BadRoundSelector = Selector("QuorumInsuranceBadRound()");
    private static readonly string OffGridSelector = Selector("QuorumInsuranceOffGrid(uint32,uint32,uint64,uint64)");
}
