// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {QuorumInsurance} from "../../src/insurance/QuorumInsurance.sol";
import {RiskPool} from "../../src/insurance/RiskPool.sol";
import {IPayoutReceiver, IQuorumInsurance} from "../../src/insurance/interfaces/IQuorumInsurance.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {QuorumRound} from "../../src/insurance/libraries/QuorumRound.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";

/// @dev A beneficiary that records what the insurance tells it, and refuses assignments or payouts on request.
contract PayoutReceiverStub is IPayoutReceiver {
    error Refused(uint256 policyId);

    bool public refuseAssignment;
    bool public refusePayout;
    uint256 public assignedPolicy;
    address public assignedFrom;
    uint256 public paidTotal;

    function setRefusals(bool assignment, bool payout) external {
        (refuseAssignment, refusePayout) = (assignment, payout);
    }

    function onPolicyAssigned(uint256 policyId, address from) external {
        if (refuseAssignment) revert Refused(policyId);
        (assignedPolicy, assignedFrom) = (policyId, from);
    }

    function onPolicyPayout(uint256 policyId, uint256 amount) external {
        if (refusePayout) revert Refused(policyId);
        paidTotal += amount;
    }
}

/// @dev Shared fixture of the QuorumInsurance tests (QuorumInsurance.t.sol, QuorumRounds.t.sol), the finance gas
/// snapshots and the lifecycle tests: a pool with 1,000,000 tUSD of underwriting, `sensorCount` sensors in one
/// region, and a drought product (3-of-n median of daily rainfall; pays from 50 mm down to 10 mm, linearly).
abstract contract InsuranceFixture is EdgeTest {
    RiskPool internal pool;
    QuorumInsurance internal insurance;
    uint32 internal region;
    uint32 internal drought;
    uint256[] internal sensorKeys;
    address[] internal sensors;
    mapping(address => uint64) internal seq;

    address internal constant INSURER = address(0x1A5);
    address internal constant UNDERWRITER = address(0xD00D);
    address internal constant FARMER = address(0xFA12);
    address internal constant DEVICE_OWNER = address(0x0A11);
    uint128 internal constant SUM = 100_000e6;

    function _deployInsurance(uint256 sensorCount) internal {
        _deployBase();
        pool = new RiskPool(token, INSURER);
        insurance = new QuorumInsurance(address(registry), address(pool), INSURER);
        vm.prank(INSURER);
        pool.setInsurer(address(insurance));
        for (uint256 i; i < sensorCount; ++i) {
            uint256 key = 0x5E0500 + i;
            sensorKeys.push(key);
            sensors.push(vm.addr(key));
            _register(DEVICE_OWNER, key, DeviceRoles.SENSOR);
        }
        vm.prank(INSURER);
        region = insurance.createRegion(sensors);
        vm.prank(INSURER);
        drought = insurance.createProduct(_droughtTerms(3));
        token.mint(UNDERWRITER, 1_000_000e6);
        vm.startPrank(UNDERWRITER);
        token.approve(address(pool), type(uint256).max);
        pool.deposit(1_000_000e6, UNDERWRITER);
        vm.stopPrank();
        token.mint(FARMER, 100_000e6);
        vm.prank(FARMER);
        token.approve(address(insurance), type(uint256).max);
    }

    function _droughtTerms(uint8 quorum) internal view returns (IQuorumInsurance.Product memory) {
        return IQuorumInsurance.Product({
            region: region,
            metric: 1,
            quorum: quorum,
            direction: IQuorumInsurance.Direction.Below,
            windowLength: uint32(DAY),
            staleness: uint32(2 * DAY),
            premiumBps: 500,
            active: true,
            trigger: 50_000,
            exit: 10_000,
            waitingPeriod: 0,
            maxCoverage: uint32(400 * DAY),
            minSumInsured: 100e6
        });
    }

    function _buy(uint64 startDay, uint64 endDay) internal returns (uint256) {
        vm.prank(FARMER);
        return insurance.buyPolicy(drought, FARMER, DAY0 + startDay * DAY, DAY0 + endDay * DAY, SUM);
    }

    /// @dev Signed observations of day `day` from the first `values.length` sensors. Each carries a non-zero
    /// prevHash, as a device's hash chain does on the wire (the contract does not check the chain).
    function _round(uint64 day, int64[] memory values)
        internal
        returns (Observation[] memory obs, bytes[] memory sigs)
    {
        obs = new Observation[](values.length);
        sigs = new bytes[](values.length);
        for (uint256 i; i < values.length; ++i) {
            address s = sensors[i];
            obs[i] = _rain(s, ++seq[s], DAY0 + day * DAY, DAY0 + (day + 1) * DAY, values[i]);
            obs[i].prevHash = keccak256(abi.encode(s, seq[s]));
            sigs[i] = _signObservation(sensorKeys[i], obs[i]);
        }
    }

    /// @dev The round's items: each observation packed under its device's index in the region.
    function _pack(Observation[] memory obs, bytes[] memory sigs) internal view returns (bytes memory items) {
        for (uint256 i; i < obs.length; ++i) {
            items = bytes.concat(items, QuorumRound.encodeItem(_indexOf(obs[i].device), obs[i], sigs[i]));
        }
    }

    /// @dev A device's index in the fixture's region; past the region (NotInRegion) for any other device.
    function _indexOf(address device) internal view returns (uint8) {
        for (uint256 i; i < sensors.length; ++i) {
            if (sensors[i] == device) return uint8(i);
        }
        return type(uint8).max;
    }

    function _submit(uint64 day, Observation[] memory obs, bytes[] memory sigs) internal returns (uint256) {
        return insurance.submitRound(region, 1, DAY0 + day * DAY, DAY0 + (day + 1) * DAY, _pack(obs, sigs));
    }

    function _values(int64 a, int64 b, int64 c, int64 d, int64 e) internal pure returns (int64[] memory v) {
        v = new int64[](5);
        (v[0], v[1], v[2], v[3], v[4]) = (a, b, c, d, e);
    }
}
