// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {RevenueDistributor} from "../../src/tokenization/RevenueDistributor.sol";
import {IRevenueDistributor} from "../../src/tokenization/interfaces/IRevenueDistributor.sol";
import {Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {TokenizationFixture} from "./Tokenization.t.sol";

contract RevenueDistributorTest is TokenizationFixture {
    function setUp() public {
        _deployTokenization();
    }

    function test_Constructor_StoresRegistryAndDomain() public view {
        assertEq(distributor.registry(), address(registry), "registry");
        assertEq(distributor.domainSeparator(), registry.domainSeparator(), "the registry's domain");
        assertEq(uint256(distributor.METRIC_ENERGY()), 6, "energy, Wh (PROTOCOL.md section 3)");
    }

    function test_RevertWhen_ConstructedWithForeignRegistry() public {
        address foreign = _expectForeignRegistryRefused();
        new RevenueDistributor(foreign, address(asset), address(token), ISSUER);
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
        assertEq(distributor.totalDeposited(), 2000e6, "total deposited");
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
        vm.expectEmit(false, true, false, true, address(distributor));
        emit IRevenueDistributor.ProductionSkipped(0, meter, 3);
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

    function test_SetTariff_ByOwnerEmitsTariffSet() public {
        vm.expectEmit(false, false, false, true, address(distributor));
        emit IRevenueDistributor.TariffSet(100_000, address(this));
        vm.prank(ISSUER);
        distributor.setTariff(100_000, address(this)); // 0.10 tUSD per kWh, billed to this test
        (Observation[] memory obs, bytes[] memory sigs) = _production(0, 250_000);
        assertEq(distributor.submitProduction(obs, sigs), 25e6, "250 kWh x 0.10");
        assertEq(token.balanceOf(address(this)), 1_000_000e6 - 25e6, "the new offtaker paid");
    }

    function test_RevertWhen_SetTariffByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        distributor.setTariff(1, address(this));
    }

    function test_SetMeter_DisabledMeterIsSkipped() public {
        vm.expectEmit(true, false, false, true, address(distributor));
        emit IRevenueDistributor.MeterSet(meter, false);
        vm.prank(ISSUER);
        distributor.setMeter(meter, false);
        (Observation[] memory obs, bytes[] memory sigs) = _production(0, 1000);
        vm.expectEmit(false, true, false, true, address(distributor));
        emit IRevenueDistributor.ProductionSkipped(0, meter, 2);
        assertEq(distributor.submitProduction(obs, sigs), 0, "not a meter of this asset");
    }

    function test_RevertWhen_SetMeterByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        distributor.setMeter(address(this), true);
    }

    function test_SubmitProduction_SkipsRevokedMeter() public {
        vm.prank(ISSUER);
        registry.revokeDevice(meter);
        (Observation[] memory obs, bytes[] memory sigs) = _production(0, 1000);
        vm.expectEmit(false, true, false, true, address(distributor));
        emit IRevenueDistributor.ProductionSkipped(0, meter, 5);
        assertEq(distributor.submitProduction(obs, sigs), 0, "no longer an active meter");
    }

    function test_SubmitProduction_SkipsAMeterRegisteredAsASensor() public {
        uint256 sensorKey = 0x5E2502;
        address sensor = vm.addr(sensorKey);
        _register(ISSUER, sensorKey, DeviceRoles.SENSOR);
        vm.prank(ISSUER);
        distributor.setMeter(sensor, true);
        Observation[] memory obs = new Observation[](1);
        bytes[] memory sigs = new bytes[](1);
        obs[0] = _rain(sensor, 1, DAY0, DAY0 + DAY, 1000);
        obs[0].metric = 6;
        sigs[0] = _signObservation(sensorKey, obs[0]);
        vm.expectEmit(false, true, false, true, address(distributor));
        emit IRevenueDistributor.ProductionSkipped(0, sensor, 5);
        assertEq(distributor.submitProduction(obs, sigs), 0, "a sensor's key does not meter an asset");
    }

    function test_RevertWhen_SubmitProductionEmpty() public {
        vm.expectRevert(IRevenueDistributor.RevenueDistributorBadBatch.selector);
        distributor.submitProduction(new Observation[](0), new bytes[](0));
    }

    function test_RevertWhen_SubmitProductionSignaturesMissing() public {
        (Observation[] memory obs,) = _production(0, 1000);
        vm.expectRevert(IRevenueDistributor.RevenueDistributorBadBatch.selector);
        distributor.submitProduction(obs, new bytes[](0));
    }

    function test_RevertWhen_ProductionWithNoHolders() public {
        vm.startPrank(ISSUER);
        asset.burn(ALICE, 600e18);
        asset.burn(BOB, 400e18);
        vm.stopPrank();
        (Observation[] memory obs, bytes[] memory sigs) = _production(0, 1000);
        vm.expectRevert(IRevenueDistributor.RevenueDistributorNothingToDistribute.selector);
        distributor.submitProduction(obs, sigs);
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
