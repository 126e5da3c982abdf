// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DeviceRegistry} from "../../../src/core/DeviceRegistry.sol";
import {QuorumInsurance} from "../../../src/insurance/QuorumInsurance.sol";
import {RiskPool} from "../../../src/insurance/RiskPool.sol";
import {TestStablecoin} from "../../../src/mocks/TestStablecoin.sol";
import {IQuorumInsurance} from "../../../src/insurance/interfaces/IQuorumInsurance.sol";
import {DeviceRoles} from "../../../src/core/libraries/DeviceRoles.sol";
import {EdgeMessages, Observation} from "../../../src/core/libraries/EdgeMessages.sol";
import {QuorumRound} from "../../../src/insurance/libraries/QuorumRound.sol";
import {EdgeTest} from "../../utils/EdgeTest.sol";

/// @notice Random underwriting, policy sales, daily quorum rounds (some values missing or forged), expiries and
/// withdrawals against one region of five sensors.
contract InsurancePoolHandler is EdgeTest {
    RiskPool internal immutable pool;
    QuorumInsurance internal immutable insurance;
    uint32 internal immutable product;
    uint32 internal immutable regionId;
    address internal constant FARMER = address(0xFA12);

    uint64 public ghost_day = 1; // the next day a round reports
    uint256 public ghost_policies;
    uint256 public ghost_sumInsured;
    uint256 public ghost_rounds;
    mapping(uint256 => uint64) internal _seq;

    constructor(RiskPool pool_, QuorumInsurance insurance_, DeviceRegistry registry_, TestStablecoin token_, uint32 product_, uint32 region_) {
        (pool, insurance, registry, token, product, regionId) = (pool_, insurance_, registry_, token_, product_, region_);
        token.approve(address(pool), type(uint256).max);
        token.approve(address(insurance), type(uint256).max);
    }

    function deposit(uint256 amount) external {
        amount = bound(amount, 1e6, 500_000e6);
        token.mint(address(this), amount);
        pool.deposit(amount, address(this));
    }

    /// @dev Asks to redeem some shares; they leave after the pool's delay (withdraw).
    function requestRedeem(uint256 shares) external {
        uint256 balance = pool.balanceOf(address(this));
        if (balance == 0) return;
        pool.requestRedeem(bound(shares, 1, balance));
    }

    function withdraw(uint256 amount) external {
        uint256 max = pool.maxWithdraw(address(this));
        if (max == 0) return;
        pool.withdraw(bound(amount, 1, max), address(this), address(this));
    }

    function buyPolicy(uint256 sum, uint256 startOffset, uint256 length) external {
        if (insurance.activePolicies(product).length >= insurance.MAX_ACTIVE_POLICIES()) return;
        uint128 sumInsured = uint128(bound(sum, 100e6, 200_000e6));
        if (sumInsured > pool.freeCapital()) return;
        uint64 start = DAY0 + (ghost_day + uint64(bound(startOffset, 0, 3))) * DAY;
        if (start < block.timestamp) return; // coverage never starts in the past
        uint64 end = start + uint64(bound(length, 1, 10)) * DAY;
        token.mint(address(this), sumInsured); // enough for any premium
        insurance.buyPolicy(product, FARMER, start, end, sumInsured);
        ++ghost_policies;
        ghost_sumInsured += sumInsured;
    }

    /// @dev Reports the next day from `count` of the five sensors, one of them possibly forged.
    function round(uint256 valueSeed, uint256 count, bool forgeOne) external {
        uint64 day = ghost_day;
        vm.warp(DAY0 + (day + 1) * DAY + 1 hours);
        uint256 n = bound(count, 1, 5);
        bytes memory items;
        for (uint256 i; i < n; ++i) {
            uint256 key = 0x5E0500 + i;
            Observation memory obs = _rain(vm.addr(key), ++_seq[i], DAY0 + day * DAY, DAY0 + (day + 1) * DAY, int64(uint64(bound(uint256(keccak256(abi.encode(valueSeed, i))), 0, 70_000))));
            bytes32 digest = EdgeMessages.toTypedDataHash(insurance.domainSeparator(), EdgeMessages.hash(obs));
            bytes memory sig = signDigest(forgeOne && i == 0 ? 0xBAD : key, digest);
            // sensor i sits at index i of the region
            items = bytes.concat(items, QuorumRound.encodeItem(uint8(i), obs, sig));
        }
        insurance.submitRound(regionId, 1, DAY0 + day * DAY, DAY0 + (day + 1) * DAY, items);
        ghost_day = day + 1;
        ++ghost_rounds;
    }

    function expire(uint256 index) external {
        uint256[] memory active = insurance.activePolicies(product);
        if (active.length == 0) return;
        uint256 id = active[bound(index, 0, active.length - 1)];
        IQuorumInsurance.Policy memory p = insurance.policy(id);
        if (block.timestamp <= uint256(p.end) + 4 * DAY) vm.warp(uint256(p.end) + 4 * DAY + 1);
        insurance.expirePolicy(id);
        // the clock moved; the next round reports the first day not yet in the past
        uint64 today = uint64((block.timestamp - DAY0) / DAY);
        if (today > ghost_day) ghost_day = today;
    }
}

/// @notice Invariants of the risk pool and its quorum insurance.
contract InsurancePoolInvariantTest is EdgeTest {
    RiskPool internal pool;
    QuorumInsurance internal insurance;
    InsurancePoolHandler internal handler;
    uint32 internal product;
    address internal constant INSURER = address(0x1A5);
    address internal constant FARMER = address(0xFA12);

    function setUp() public {
        _deployBase();
        pool = new RiskPool(token, INSURER);
        insurance = new QuorumInsurance(address(registry), address(pool), INSURER);
        vm.prank(INSURER);
        pool.setInsurer(address(insurance));
        address[] memory sensors = new address[](5);
        for (uint256 i; i < 5; ++i) {
            sensors[i] = _register(address(0x0A11), 0x5E0500 + i, DeviceRoles.SENSOR);
        }
        vm.startPrank(INSURER);
        uint32 regionId = insurance.createRegion(sensors);
        product = insurance.createProduct(
            IQuorumInsurance.Product({
                region: regionId,
                metric: 1,
                quorum: 3,
                direction: IQuorumInsurance.Direction.Below,
                windowLength: uint32(DAY),
                staleness: uint32(2 * DAY),
                premiumBps: 300,
                active: true,
                trigger: 40_000,
                exit: 5_000,
                waitingPeriod: 0,
                maxCoverage: uint32(400 * DAY),
                minSumInsured: 100e6
            })
        );
        vm.stopPrank();
        handler = new InsurancePoolHandler(pool, insurance, registry, token, product, regionId);
        token.transferOwnership(address(handler));
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice The pool's assets always cover the capital locked behind active policies.
    function invariant_PoolAssetsCoverLockedCapital() public view {
        assertTrue(pool.totalAssets() >= pool.lockedCapital(), "assets < locked");
    }

    /// @notice Total paid out never exceeds the sum insured, for every policy and in total.
    function invariant_PaidOutNeverExceedsSumInsured() public view {
        uint256 paid;
        uint256 n = handler.ghost_policies();
        for (uint256 id = 1; id <= n; ++id) {
            IQuorumInsurance.Policy memory p = insurance.policy(id);
            assertTrue(p.paid <= p.sumInsured, "policy overpaid");
            paid += p.paid;
        }
        assertTrue(paid <= handler.ghost_sumInsured(), "total overpaid");
        assertEq(token.balanceOf(FARMER), paid, "the beneficiary received exactly what policies record as paid");
    }

    /// @notice Locked capital is exactly the unpaid sum insured of the active policies.
    function invariant_LockedEqualsActiveExposure() public view {
        uint256 exposure;
        uint256[] memory active = insurance.activePolicies(product);
        for (uint256 i; i < active.length; ++i) {
            IQuorumInsurance.Policy memory p = insurance.policy(active[i]);
            exposure += uint256(p.sumInsured) - p.paid;
        }
        assertEq(pool.lockedCapital(), exposure, "locked");
    }
}
