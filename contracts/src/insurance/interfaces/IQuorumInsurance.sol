// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Observation} from "../../core/libraries/EdgeMessages.sol";
import {IRegistryDomain} from "../../core/interfaces/IRegistryDomain.sol";

/// @title IQuorumInsurance
/// @notice Parametric products over a region's sensors, backed by a RiskPool. Rounds of device-signed observations
/// collect the valid values of one window (region, metric, windowStart, windowEnd on a product's grid) across calls;
/// the window is decided once, over every value that arrived: as soon as all n sensors of the region counted, or by
/// anyone after the window's deadline (windowEnd + the product's staleness). Its median then pays every covering
/// policy of each product that the count's quorum k meets, linearly between the trigger and exit thresholds.
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
    /// region's sensors (the event's device is then zero). AlreadyCounted: the sensor already counted for this metric
    /// and window (a replay lands here). WindowDecided: the window is decided, or its deadline has passed (the round
    /// then decides it). BadFlags: Stuck, OutOfRange or a reserved flag is set.
    enum SkipReason {
        None,
        BadSignature,
        NotActiveSensor,
        NotInRegion,
        AlreadyCounted,
        WindowDecided,
        BadFlags
    }

    /// @notice An insurer-defined product.
    /// @param region The sensor set whose quorum decides.
    /// @param metric Metric code (PROTOCOL.md §3).
    /// @param quorum k: least number of valid observations of a decided window for it to pay.
    /// @param direction Below (e.g. drought) or Above (e.g. flood, heat).
    /// @param windowLength Length of the window each observation aggregates, seconds; windows start at multiples
    /// of it (Unix time: daily windows run midnight to midnight UTC).
    /// @param staleness The grace after a window's end during which its observations are collected; after it
    /// anyone may decide the window. Products of a region with the same metric and window length share it.
    /// @param premiumBps Premium as basis points of the sum insured.
    /// @param active Whether policies can still be bought.
    /// @param trigger Threshold where the payout starts.
    /// @param exit Threshold where the payout is full (equal to trigger: a fixed payout past the trigger).
    /// @param waitingPeriod Least seconds between a purchase and its coverage start.
    /// @param maxCoverage Most seconds between a purchase and its coverage end: how long a policy can hold one of
    /// the product's MAX_ACTIVE_POLICIES places.
    /// @param minSumInsured Least sum insured of a policy, so that dust cannot fill those places.
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
        uint32 waitingPeriod;
        uint32 maxCoverage;
        uint128 minSumInsured;
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

    /// @notice Emitted when the owner added `sensor` to region `regionId` at `index` (the region's previous size).
    event RegionSensorAdded(uint32 indexed regionId, address indexed sensor, uint8 index);

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

    /// @notice Emitted when a round counted observations of a window that stays open: `count` sensors so far.
    event WindowCollected(
        uint32 indexed regionId, uint32 indexed metric, uint64 windowStart, uint64 windowEnd, uint256 count
    );

    /// @notice Emitted when a window was decided: `count` valid observations, their median `median` (0 if none).
    event WindowDecided(
        uint32 indexed regionId, uint32 indexed metric, uint64 windowStart, uint64 windowEnd, uint256 count, int64 median
    );

    /// @notice Emitted when a decided window's `count` did not reach product `productId`'s quorum.
    event WindowIgnored(uint32 indexed productId, uint64 windowEnd, uint256 count);

    /// @notice Thrown when a region has no sensors, too many, or a sensor already in a region or not a sensor (that
    /// sensor), or when its sensor list did not land where rounds look for it (zero).
    error QuorumInsuranceBadRegion(address sensor);

    /// @notice Thrown when `regionId` was never created.
    error QuorumInsuranceUnknownRegion(uint32 regionId);

    /// @notice Thrown when region `regionId` already has MAX_REGION_SENSORS sensors.
    error QuorumInsuranceRegionFull(uint32 regionId);

    /// @notice Thrown when product terms are inconsistent (quorum, thresholds, window, premium, waiting period and
    /// coverage, minimum sum), when the region's product of the same metric and window length has another staleness,
    /// or when a window and its grace outlast the pool's redemption delay.
    error QuorumInsuranceBadProduct();

    /// @notice Thrown when `productId` does not exist or is not selling.
    error QuorumInsuranceProductUnavailable(uint32 productId);

    /// @notice Thrown when a region already has the most products allowed.
    error QuorumInsuranceTooManyProducts(uint32 regionId);

    /// @notice Thrown when a product already has the most active policies allowed.
    error QuorumInsuranceTooManyPolicies(uint32 productId);

    /// @notice Thrown when coverage is shorter than a window, starts before the waiting period from now has passed,
    /// or ends later than the product's maxCoverage from now.
    error QuorumInsuranceBadCoverage(uint64 start, uint64 end);

    /// @notice Thrown when the sum insured is below the product's minimum, or the beneficiary is zero.
    error QuorumInsuranceBadPolicy();

    /// @notice Thrown when `caller` is not the policy's beneficiary.
    error QuorumInsuranceNotBeneficiary(address caller);

    /// @notice Thrown when policy `policyId` is not active, or cannot expire yet.
    error QuorumInsuranceNotExpirable(uint256 policyId);

    /// @notice Thrown when a round is malformed: not a whole number of items, none or too many, or an empty or future
    /// window.
    error QuorumInsuranceBadRound();

    /// @notice Thrown when no product of `regionId` has `metric` and this window length, or the window does not start
    /// on that grid (a multiple of its length).
    error QuorumInsuranceOffGrid(uint32 regionId, uint32 metric, uint64 windowStart, uint64 windowEnd);

    /// @notice Thrown when a window is decided before its `deadline` has passed, and not all sensors counted.
    error QuorumInsuranceWindowOpen(uint64 deadline);

    /// @notice Thrown when a window is decided again.
    error QuorumInsuranceWindowAlreadyDecided();

    /// @notice Creates a region from registered sensors that are in no other region. Owner only. The list is kept as
    /// the code of a small data contract; a sensor's position in it is the index that round items carry.
    /// @param sensors The sensors (at most MAX_REGION_SENSORS), in index order.
    /// @return regionId The new region's id, from 1.
    function createRegion(address[] calldata sensors) external returns (uint32 regionId);

    /// @notice Adds a registered sensor that is in no region to region `regionId`, at the next index. Owner only. The
    /// indexes of the region's other sensors do not change; a window still open waits for the new sensor too (or its
    /// deadline), and products keep their quorum.
    /// @param regionId An existing region with fewer than MAX_REGION_SENSORS sensors.
    /// @param sensor An active sensor of the registry, in no region.
    /// @return index The sensor's index in the region.
    function addSensor(uint32 regionId, address sensor) external returns (uint8 index);

    /// @notice Creates a product. Owner only.
    /// @param product The terms (`active` is ignored and set).
    /// @return productId The new product's id, from 1.
    function createProduct(Product calldata product) external returns (uint32 productId);

    /// @notice Stops or restarts sales of a product. Owner only; existing policies are unaffected.
    /// @param productId The product.
    /// @param active Whether it sells.
    function setProductActive(uint32 productId, bool active) external;

    /// @notice Buys a policy: pulls the premium from the caller into the pool, where it is earned over the coverage
    /// (RiskPool.earnPremium), and locks `sumInsured` of the pool's capital. Only windows lying wholly inside
    /// [start, end) pay it, and start is at least the product's waiting period from now, so no window that had begun
    /// when the policy was bought ever pays it.
    /// @param productId The product.
    /// @param beneficiary Who is paid.
    /// @param start Coverage start: at least now + waitingPeriod (aligned with the product window is advisable).
    /// @param end Coverage end, at least one window after start and at most now + maxCoverage.
    /// @param sumInsured Most the policy pays; at least the product's minSumInsured.
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

    /// @notice Closes a policy whose coverage ended more than twice its product's staleness ago (the last window's
    /// deadline, then as long again for anyone to decide that window) and releases the rest of its locked capital.
    /// Anyone may call.
    /// @param policyId The policy.
    function expirePolicy(uint256 policyId) external;

    /// @notice Submits a round: observations of one window and metric from the region's sensors, packed. The window
    /// must sit on the grid of a product of the region (same metric, its window length, starting at a multiple of
    /// it). Each item must be signed by the region's sensor at its index (EIP-712 over the full Observation,
    /// PROTOCOL.md §3), that sensor active in the registry and not yet counted for this metric and window, the window
    /// undecided and its deadline not passed, and no disqualifying flag set. Bad items are skipped with
    /// ObservationSkipped; valid values are kept with the window. The window is decided in this call when every
    /// sensor of the region has counted, or, if its deadline has passed, over what arrived before it (every item of
    /// the round is then skipped as WindowDecided). The outcome depends only on the set of valid values, never on how
    /// they were split into rounds or ordered. No sequence order is enforced on chain: a sensor counts once per
    /// metric and window, whatever order rounds arrive in.
    /// @param regionId The region.
    /// @param metric The metric of every observation of the round.
    /// @param windowStart The window every observation covers.
    /// @param windowEnd Its end.
    /// @param items The items, QuorumRound.ITEM_LENGTH bytes each (layout in libraries/QuorumRound.sol).
    /// @return count Valid observations this round counted.
    function submitRound(uint32 regionId, uint32 metric, uint64 windowStart, uint64 windowEnd, bytes calldata items)
        external
        returns (uint256 count);

    /// @notice Decides a window after its deadline over the values that arrived (fewer than the quorum pay nothing).
    /// Anyone may call; submitRound after the deadline does the same.
    /// @param regionId The region.
    /// @param metric The metric.
    /// @param windowStart The window's start, on a product's grid.
    /// @param windowEnd Its end.
    function decideWindow(uint32 regionId, uint32 metric, uint64 windowStart, uint64 windowEnd) external;

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

    /// @notice A sensor's region and its index there (what a round's items carry).
    /// @param sensor The sensor.
    /// @return regionId Its region (0 if none).
    /// @return index Its position in `regionSensors(regionId)`.
    function sensorState(address sensor) external view returns (uint32 regionId, uint8 index);

    /// @notice Which sensors of a region the contract has seen active in the registry since the registry's last
    /// revocation.
    /// @param regionId The region.
    /// @return verifiedEpoch The registry's revocationEpoch when `verified` was last reset.
    /// @return verified Bit i: the sensor at index i was seen active as a sensor at that epoch; it is asked again
    /// once the epoch moves.
    function regionState(uint32 regionId) external view returns (uint64 verifiedEpoch, uint32 verified);

    /// @notice A window's state.
    /// @param regionId The region.
    /// @param metric The metric.
    /// @param windowStart The window's start.
    /// @param windowEnd Its end.
    /// @return counted Bit i: the sensor at index i counted for the window.
    /// @return decided Whether the window is decided.
    /// @return values The counted values by sensor index while the window is open (zero elsewhere, and once decided).
    function windowState(uint32 regionId, uint32 metric, uint64 windowStart, uint64 windowEnd)
        external
        view
        returns (uint32 counted, bool decided, int64[] memory values);

    /// @notice The EIP-712 digest a sensor signs for `obs` (PROTOCOL.md §3): the digest submitRound rebuilds from a
    /// packed item and checks the item's signature against, and the leaf a MerkleAnchor proof of the reading proves.
    /// @param obs The observation as the device signed it.
    /// @return The digest, on the registry's EdgeOracle domain.
    function observationDigest(Observation calldata obs) external view returns (bytes32);

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
