// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AssetToken} from "../../src/AssetToken.sol";
import {IdentityRegistry} from "../../src/IdentityRegistry.sol";
import {RevenueDistributor} from "../../src/RevenueDistributor.sol";
import {IAssetToken} from "../../src/interfaces/IAssetToken.sol";
import {IIdentityRegistry} from "../../src/interfaces/IIdentityRegistry.sol";
import {IRevenueDistributor} from "../../src/interfaces/IRevenueDistributor.sol";
import {DeviceRoles} from "../../src/libraries/DeviceRoles.sol";
import {Observation} from "../../src/libraries/EdgeMessages.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";

abstract contract TokenizationFixture is EdgeTest {
    IdentityRegistry internal ids;
    AssetToken internal asset;
    RevenueDistributor internal distributor;
    address internal constant ISSUER = address(0x155);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);
    address internal constant OFFTAKER = address(0x0FF7);
    uint256 internal constant METER_KEY = 0x3E7E2;
    address internal meter;
    uint64 internal meterSeq;

    function _deployTokenization() internal {
        _deployBase();
        ids = new IdentityRegistry(ISSUER);
        asset = new AssetToken("Solar Plant 1", "SOL1", address(ids), ISSUER);
        distributor = new RevenueDistributor(address(registry), address(asset), address(token), ISSUER);
        meter = vm.addr(METER_KEY);
        _register(ISSUER, meter, DeviceRoles.SENSOR);
        vm.startPrank(ISSUER);
        asset.setDistributor(address(distributor));
        ids.registerIdentity(ALICE, 276); // Germany
        ids.registerIdentity(BOB, 250); // France
        asset.mint(ALICE, 600e18);
        asset.mint(BOB, 400e18);
        distributor.setMeter(meter, true);
        distributor.setTariff(80_000, OFFTAKER); // 0.08 tUSD per kWh
        vm.stopPrank();
        token.mint(OFFTAKER, 1_000_000e6);
        vm.prank(OFFTAKER);
        token.approve(address(distributor), type(uint256).max);
        token.mint(address(this), 1_000_000e6);
        token.approve(address(distributor), type(uint256).max);
    }

    function _production(uint64 day, int64 wattHours) internal returns (Observation[] memory obs, bytes[] memory sigs) {
        obs = new Observation[](1);
        sigs = new bytes[](1);
        obs[0] = _rain(meter, ++meterSeq, DAY0 + day * DAY, DAY0 + (day + 1) * DAY, wattHours);
        obs[0].metric = 6;
        sigs[0] = _signObservation(METER_KEY, obs[0]);
    }
}

contract TokenizationTest is TokenizationFixture {
    function setUp() public {
        _deployTokenization();
    }

    /// @dev Dividend per share rounds down: a holder may get one unit less than the exact share, never more.
    function _assertWithinDust(uint256 actual, uint256 exact, string memory why) internal pure {
        assertTrue(actual <= exact && actual + 1 >= exact, why);
    }

    function test_Transfer_BetweenVerifiedHolders() public {
        vm.prank(ALICE);
        asset.transfer(BOB, 100e18);
        assertEq(asset.balanceOf(BOB), 500e18, "received");
    }

    function test_RevertWhen_ReceiverUnverified() public {
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenUnverifiedReceiver.selector, CAROL));
        asset.transfer(CAROL, 1);
        assertFalse(asset.canTransfer(ALICE, CAROL, 1), "canTransfer agrees");
    }

    function test_RevertWhen_CountryBlocked() public {
        vm.prank(ISSUER);
        asset.setCountryBlocked(250, true);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenCountryBlocked.selector, BOB, uint16(250)));
        asset.transfer(BOB, 1);
    }

    function test_RevertWhen_HolderCapExceeded() public {
        vm.prank(ISSUER);
        asset.setHolderCap(450e18);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenCapExceeded.selector, BOB, 451e18, 450e18));
        asset.transfer(BOB, 51e18);
        vm.prank(ISSUER);
        asset.setCapExempt(BOB, true);
        vm.prank(ALICE);
        asset.transfer(BOB, 51e18);
    }

    function test_Freeze_BlocksTransfersButNotForcedTransfer() public {
        vm.prank(ISSUER);
        asset.setFrozen(ALICE, true);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenFrozen.selector, ALICE));
        asset.transfer(BOB, 1);
        vm.prank(BOB);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenFrozen.selector, ALICE));
        asset.transfer(ALICE, 1);
        vm.prank(ISSUER);
        asset.forcedTransfer(ALICE, BOB, 600e18);
        assertEq(asset.balanceOf(BOB), 1000e18, "agent moved the frozen holding");
    }

    function test_RevertWhen_NotAgent() public {
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenNotAgent.selector, address(this)));
        asset.mint(ALICE, 1);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenNotAgent.selector, address(this)));
        asset.forcedTransfer(ALICE, BOB, 1);
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryNotAgent.selector, address(this)));
        ids.registerIdentity(CAROL, 1);
    }

    function test_RevertWhen_IdentityInvalid() public {
        vm.prank(ISSUER);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryBadIdentity.selector, CAROL, uint16(0))
        );
        ids.registerIdentity(CAROL, 0);
    }

    function test_RemoveIdentity_StopsReceiving() public {
        vm.prank(ISSUER);
        ids.removeIdentity(BOB);
        assertFalse(ids.isVerified(BOB), "removed");
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenUnverifiedReceiver.selector, BOB));
        asset.transfer(BOB, 1);
    }

    function test_DepositRevenue_PaysProRataAndSurvivesTransfers() public {
        distributor.depositRevenue(1000e6);
        vm.prank(ALICE);
        asset.transfer(BOB, 600e18); // Alice's share of the first deposit stays hers
        distributor.depositRevenue(1000e6);
        _assertWithinDust(distributor.claimable(ALICE), 600e6, "60% of the first deposit");
        _assertWithinDust(distributor.claimable(BOB), 400e6 + 1000e6, "40% of the first, all of the second");
        uint256 owed = distributor.claimable(ALICE);
        vm.prank(ALICE);
        assertEq(distributor.claim(), owed, "claimed");
        assertEq(token.balanceOf(ALICE), owed, "paid");
        assertEq(distributor.claimable(ALICE), 0, "nothing left");
        assertEq(distributor.totalClaimed(), owed, "total claimed");
    }

    function test_RevertWhen_HookCalledByOthers() public {
        vm.expectRevert(abi.encodeWithSelector(IRevenueDistributor.RevenueDistributorNotToken.selector, address(this)));
        distributor.onBalanceChange(ALICE, BOB, 1);
    }

    function test_RevertWhen_DepositZero() public {
        vm.expectRevert(IRevenueDistributor.RevenueDistributorNothingToDistribute.selector);
        distributor.depositRevenue(0);
    }

    function test_SubmitProduction_BillsOfftakerTariffTimesEnergy() public {
        (Observation[] memory obs, bytes[] memory sigs) = _production(0, 250_000); // 250 kWh
        uint256 revenue = distributor.submitProduction(obs, sigs);
        assertEq(revenue, 20e6, "250 kWh x 0.08");
        assertEq(token.balanceOf(OFFTAKER), 1_000_000e6 - 20e6, "offtaker paid");
        _assertWithinDust(distributor.claimable(ALICE), 12e6, "60%");
        // the same observation again is a replay: skipped, nothing billed
        assertEq(distributor.submitProduction(obs, sigs), 0, "replay bills nothing");
    }

    function test_SubmitProduction_SkipsForeignDevicesAndMetrics() public {
        (Observation[] memory obs, bytes[] memory sigs) = _production(0, 1000);
        obs[0].metric = 1;
        vm.expectEmit(false, true, false, true, address(distributor));
        emit IRevenueDistributor.ProductionSkipped(0, meter, 1);
        assertEq(distributor.submitProduction(obs, sigs), 0, "rain is not energy");
        (obs, sigs) = _production(1, 1000);
        sigs[0] = _signObservation(0xBAD, obs[0]);
        vm.expectEmit(false, true, false, true, address(distributor));
        emit IRevenueDistributor.ProductionSkipped(0, meter, 4);
        assertEq(distributor.submitProduction(obs, sigs), 0, "forged signature");
    }

    function testFuzz_ClaimsSumToDepositsAcrossTransfers(uint256 d1, uint256 moved, uint256 d2) public {
        d1 = bound(d1, 1, 1_000_000e6);
        d2 = bound(d2, 1, 1_000_000e6);
        moved = bound(moved, 0, 600e18);
        token.mint(address(this), d1 + d2);
        distributor.depositRevenue(d1);
        vm.prank(ALICE);
        asset.transfer(BOB, moved);
        distributor.depositRevenue(d2);
        uint256 owed = distributor.claimable(ALICE) + distributor.claimable(BOB);
        assertTrue(owed <= d1 + d2, "never more than deposited");
        assertTrue(owed + 4 >= d1 + d2, "at most a few units of rounding dust");
    }
}
