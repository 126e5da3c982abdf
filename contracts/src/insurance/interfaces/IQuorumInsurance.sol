// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IRegistryDomain} from "../../core/interfaces/IRegistryDomain.sol";

/// @title IQuorumInsurance
/// @notice Parametric products over a region's sensors, backed by a RiskPool. A round of device-signed observations
/// of one window is aggregated by median once at least k sensors of the region agree on it; policies whose coverage
/// holds the window are paid linearly between the trigger and exit thresholds, automatically, in the same call.
/// Rounds arrive packed (libraries/QuorumRound.sol): the round key once, then per item the sensor's index in its
/// region, the observation's own fields and the device's signature.
interface IQuorumInsurance is IRegistryDomain {
    /// @notice Which side of the trigger pays.
    enum Direction {
        Below,
        Above
    }

    /// @notice Lifecycle of a policy.
    enum PolicyStatus {
        None,
        Active,
        Closed
    }

    /// @notice Why an item of a round was skipped.
    /// @dev BadSignature: not signed by the region's sensor at the item's index over this round's metric and window
    /// (an item of another device, metric or window lands here: the contract rebuilds the signed message).
    /// NotActiveSensor: the device is no longer an active sensor in the registry. NotInRegion: the index is past the
    /// region's sensors (the event's device is then zero). SequenceReplayed: the sequence is not above the device's
    /// last accepted one. AlreadyCounted: the sensor already counted for this window. WindowNotNewer: the region
    /// already counted a newer window. BadFlags: Stuck, OutOfRange or a reserved flag is set.
    enum SkipReason {
        None,
        BadSignature,
        NotActiveSensor,
        NotInRegion,
        SequenceReplayed,
        AlreadyCounted,
        WindowNotNewer,
        BadFlags
    }

    /// @notice An insurer-defined product.
    /// @param region The sensor set whose quorum decides.
    /// @param metric Metric code (PROTOCOL.md §3).
    /// @param quorum k: least number of valid observations of a window for it to count.
    /// @param direction Below (e.g. drought) or Above (e.g. flood, heat).
    /// @param windowLength Length of the window each observation aggregates, seconds.
    /// @param staleness Most seconds between a window's end and its round's submission.
    /// @param premiumBps Premium as basis points of the sum insured.
    /// @param active Whether policies can still be bought.
    /// @param trigger Threshold where the payout starts.
    /// @param exit Threshold where the payout is full (equal to trigger: a fixed payout past the trigger).
    struct Product {
        uint32 region;
        uint32 metric;
        uint8 quorum;
        Direction direction;
        uint32 windowLength;
        uint32 staleness;
        uint16 premiumBps;
        bool active;
        int64 trigger;
        int64 exit;
    }

    /// @notice A policy.
    /// @param beneficiary Who is paid; reassignable by the beneficiary (lending uses this).
    /// @param start Coverage start, inclusive.
    /// @param notify Whether the beneficiary is called back on payout (IPayoutReceiver).
    /// @param status Active until expired or fully paid.
    /// @param productId The product.
    /// @param end Coverage end, exclusive.
    /// @param sumInsured The most the policy can pay.
    /// @param paid What it has paid so far.
    struct Policy {
        address beneficiary;
        uint64 start;
        bool notify;
        PolicyStatus status;
        uint32 productId;
        uint64 end;
        uint128 sumInsured;
        uint128 paid;
    }

    /// @notice Emitted when the owner created region `regionId` with `sensors`.
    event RegionCreated(uint32 indexed regionId, address[] sensors);

    /// @notice Emitted when the owner created product `productId`.
    event ProductCreated(uint32 indexed productId, Product product);

    /// @notice Emitted when the owner stopped or restarted sales of a product.
    event ProductActiveSet(uint32 indexed productId, bool active);

    /// @notice Emitted when `buyer` bought policy `policyId` for `beneficiary`, paying `premium` into the pool.
    event PolicyBought(
        uint256 indexed policyId,
        uint32 indexed productId,
        address indexed beneficiary,
        address buyer,
        uint64 start,
        uint64 end,
        uint256 sumInsured,
        uint256 premium
    );

    /// @notice Emitted when a policy's beneficiary changed.
    event BeneficiaryChanged(uint256 indexed policyId, address indexed from, address indexed to, bool notify);

    /// @notice Emitted when policy `policyId` paid `amount` (total `paid`) on a window whose median was `value`.
    event PolicyPaid(uint256 indexed policyId, address indexed beneficiary, uint256 amount, uint256 paid, int64 value);

    /// @notice Emitted when a policy closed (expired or fully paid), releasing `released` of locked capital.
    event PolicyClosed(uint256 indexed policyId, uint256 released);

    /// @notice Emitted when a payout's receiver callback reverted (the payout itself stands).
    event PayoutCallbackFailed(uint256 indexed policyId, address indexed beneficiary);

    /// @notice Emitted when item `index` of a round was skipped for `reason`.
    event ObservationSkipped(uint256 index, address indexed device, SkipReason reason);

    /// @notice Emitted after a round: `count` valid observations of the window, their median `median`.
    event RoundAggregated(
        uint32 indexed regionId, uint32 indexed metric, uint64 windowStart, uint64 windowEnd, uint256 count, int64 median
    );

    /// @notice Emitted when a round did not reach product `productId`'s quorum, or was stale for it.
    event RoundIgnored(uint32 indexed productId, uint64 windowEnd, uint256 count, bool stale);

    /// @notice Thrown when a region has no sensors, too many, or a sensor already in a region or not a sensor (that
    /// sensor), or when its sensor list did not land where rounds look for it (zero).
    error QuorumInsuranceBadRegion(address sensor);

    /// @notice Thrown when product terms are inconsistent (quorum, thresholds, window, premium).
    error QuorumInsuranceBadProduct();

    /// @notice Thrown when `productId` does not exist or is not selling.
    error QuorumInsuranceProductUnavailable(uint32 productId);

    /// @notice Thrown when a region already has the most products allowed.
    error QuorumInsuranceTooManyProducts(uint32 regionId);

    /// @notice Thrown when a product already has the most active policies allowed.
    error QuorumInsuranceTooManyPolicies(uint32 productId);

    /// @notice Thrown when coverage is empty, in the past, or not a whole number of windows.
    error QuorumInsuranceBadCoverage(uint64 start, uint64 end);

    /// @notice Thrown when the sum insured is zero or too large, or the beneficiary is zero.
    error QuorumInsuranceBadPolicy();

    /// @notice Thrown when `caller` is not the policy's beneficiary.
    error QuorumInsuranceNotBeneficiary(address caller);

    /// @notice Thrown when policy `policyId` is not active, or cannot expire yet.
    error QuorumInsuranceNotExpirable(uint256 policyId);

    /// @notice Thrown when a round is malformed: not a whole number of items, none or too many, or an empty or future
    /// window.
    error QuorumInsuranceBadRound();

    /// @notice Creates a region from registered sensors that are in no other region. Owner only. The list is kept as
    /// the code of a small data contract; a sensor's position in it is the index that round items carry.
    /// @param sensors The sensors (at most MAX_REGION_SENSORS), in index order.
    /// @return regionId The new region's id, from 1.
    function createRegion(address[] calldata sensors) external returns (uint32 regionId);

    /// @notice Creates a product. Owner only.
    /// @param product The terms (`active` is ignored and set).
    /// @return productId The new product's id, from 1.
    function createProduct(Product calldata product) external returns (uint32 productId);

    /// @notice Stops or restarts sales of a product. Owner only; existing policies are unaffected.
    /// @param productId The product.
    /// @param active Whether it sells.
    function setProductActive(uint32 productId, bool active) external;

    /// @notice Buys a policy: pulls the premium from the caller into the pool and locks `sumInsured` of its capital.
    /// @param productId The product.
    /// @param beneficiary Who is paid.
    /// @param start Coverage start (aligned with the product window length is advisable).
    /// @param end Coverage end, at least one window after start.
    /// @param sumInsured Most the policy pays.
    /// @return policyId The new policy's id, from 1.
    function buyPolicy(uint32 productId, address beneficiary, uint64 start, uint64 end, uint128 sumInsured)
        external
        returns (uint256 policyId);

    /// @notice Reassigns a policy's payouts. Beneficiary only.
    /// @param policyId The policy.
    /// @param to The new beneficiary.
    /// @param notify Whether `to` is told of the assignment now (IPayoutReceiver.onPolicyAssigned, which may refuse)
    /// and called back after each payout (onPolicyPayout).
    function setBeneficiary(uint256 policyId, address to, bool notify) external;

    /// @notice Closes a policy whose coverage ended more than its product's staleness ago and releases the rest of
    /// its locked capital. Anyone may call.
    /// @param policyId The policy.
    function expirePolicy(uint256 policyId) external;

    /// @notice Submits a round: observations of one window and metric from the region's sensors, packed. Each item
    /// must be signed by the region's sensor at its index (EIP-712 over the full Observation, PROTOCOL.md §3), that
    /// sensor active in the registry, its sequence above the sensor's last accepted one, the sensor not yet counted
    /// for this window, the window not older than the region's newest counted one, and no disqualifying flag set.
    /// Bad items are skipped with ObservationSkipped; the valid ones are aggregated by median and the region's
    /// products pay the policies whose coverage holds the window when their quorum is met and the data is fresh.
    /// A window is known by its end: a later round for the same window only adds sensors that were missing.
    /// @param regionId The region.
    /// @param metric The metric of every observation of the round.
    /// @param windowStart The window every observation covers.
    /// @param windowEnd Its end.
    /// @param items The items, QuorumRound.ITEM_LENGTH bytes each (layout in libraries/QuorumRound.sol).
    /// @return count Valid observations counted.
    function submitRound(uint32 regionId, uint32 metric, uint64 windowStart, uint64 windowEnd, bytes calldata items)
        external
        returns (uint256 count);

    /// @notice The pool backing the policies.
    /// @return The RiskPool.
    function pool() external view returns (address);

    /// @notice A product.
    /// @param productId The product.
    /// @return The terms.
    function product(uint32 productId) external view returns (Product memory);

    /// @notice A policy.
    /// @param policyId The policy.
    /// @return The policy.
    function policy(uint256 policyId) external view returns (Policy memory);

    /// @notice A region's sensors.
    /// @param regionId The region.
    /// @return The sensors.
    function regionSensors(uint32 regionId) external view returns (address[] memory);

    /// @notice Active policy ids of a product.
    /// @param productId The product.
    /// @return The ids.
    function activePolicies(uint32 productId) external view returns (uint256[] memory);

    /// @notice A sensor's region, its index there (what a round's items carry) and its last accepted sequence.
    /// @param sensor The sensor.
    /// @return regionId Its region (0 if none).
    /// @return index Its position in `regionSensors(regionId)`.
    /// @return lastSequence Its last accepted sequence (0 before its first).
    function sensorState(address sensor) external view returns (uint32 regionId, uint8 index, uint64 lastSequence);

    /// @notice A region's round state: the newest window it counted and which sensors counted for it, and which
    /// sensors the contract has seen active in the registry since the registry's last revocation.
    /// @param regionId The region.
    /// @return windowEnd End of the newest window a round counted for (0 before the first).
    /// @return counted Bit i: the sensor at index i counted for that window.
    /// @return verifiedEpoch The registry's revocationEpoch when `verified` was last reset.
    /// @return verified Bit i: the sensor at index i was seen active as a sensor at that epoch; it is asked again
    /// once the epoch moves.
    function regionState(uint32 regionId)
        external
        view
        returns (uint64 windowEnd, uint32 counted, uint64 verifiedEpoch, uint32 verified);

    /// @notice What a product pays per unit of sum insured for a window value, in 1e18 (linear between trigger and exit).
    /// @param productId The product.
    /// @param value The window's median.
    /// @return The fraction, ×1e18.
    function payoutFraction(uint32 productId, int64 value) external view returns (uint256);
}

/// @title IPayoutReceiver
/// @notice Implemented by beneficiaries that want to act on a payout (the lending market repays a loan with it).
interface IPayoutReceiver {
    /// @notice Called when `from` made the receiver a policy's beneficiary with notify = true; reverting refuses it.
    /// @param policyId The policy.
    /// @param from The previous beneficiary.
    function onPolicyAssigned(uint256 policyId, address from) external;

    /// @notice Called after policy `policyId` paid `amount` to the receiver.
    /// @param policyId The policy.
    /// @param amount The amount just received.
    function onPolicyPayout(uint256 policyId, uint256 amount) external;
}
