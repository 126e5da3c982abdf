using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Protocol;
using Nethereum.RPC.Eth.DTOs;

namespace EdgeOracle.Provisioning
{
    /// <summary>
    /// Puts a provisioned sensor station into a QuorumInsurance region (<c>addSensor</c>). Everything the contract would
    /// refuse for reasons known before the device exists (no such region, a full region, an owner key that does not
    /// own QuorumInsurance) is checked first, so that no device is registered for a region it cannot join.
    /// </summary>
    internal static class RegionAssignment
    {
        /// <summary>Refuses, with one sentence naming what to fix, a region the owner's account cannot add a station to.</summary>
        /// <param name="owner">The owner's account on the deployment.</param>
        /// <param name="regionId">The region asked for.</param>
        /// <returns>A task that completes when the region can take the station.</returns>
        /// <exception cref="ArgumentException">The region cannot take a station added by this account.</exception>
        public static async Task CheckAsync(EdgeContracts owner, uint regionId)
        {
            // A deployment without QuorumInsurance is refused here by name (Deployment.Require).
            string insurance = owner.Deployment.QuorumInsurance;
            var contract = owner.Contract("QuorumInsurance", insurance);
            string insurer = await contract.GetFunction("owner").CallAsync<string>().ConfigureAwait(false);
            if (!string.Equals(insurer, owner.From, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException(
                    $"Only QuorumInsurance's owner {insurer.ToLowerInvariant()} adds stations to regions, not {owner.From.ToLowerInvariant()}: pass the insurer's key as --owner-key, or provision without --region.");
            }

            List<string> sensors = await contract.GetFunction("regionSensors").CallAsync<List<string>>(regionId).ConfigureAwait(false);
            if (sensors.Count == 0)
            {
                throw new ArgumentException(
                    $"Region {regionId.ToString(CultureInfo.InvariantCulture)} does not exist in QuorumInsurance {insurance.ToLowerInvariant()}: create it first (`edge cli insurer create-region`) or pick another --region.");
            }

            if (sensors.Count >= ContractLimits.MaxRegionSensors)
            {
                throw new ArgumentException(
                    $"Region {regionId.ToString(CultureInfo.InvariantCulture)} is full ({ContractLimits.MaxRegionSensors} stations, the contract's most): pick another --region.");
            }
        }

        /// <summary>Adds the registered sensor <paramref name="device"/> to region <paramref name="regionId"/>.</summary>
        /// <param name="owner">QuorumInsurance's owner.</param>
        /// <param name="regionId">The region, checked by <see cref="CheckAsync"/>.</param>
        /// <param name="device">The sensor, registered and active.</param>
        /// <returns>The transaction's receipt; the contract's refusal (decoded) as <see cref="ContractRevertedException"/> before anything is sent.</returns>
        public static Task<TransactionReceipt> AddAsync(EdgeContracts owner, uint regionId, string device) =>
            owner.SendAsync("QuorumInsurance", owner.Deployment.QuorumInsurance, "addSensor", regionId, device);
    }
}
