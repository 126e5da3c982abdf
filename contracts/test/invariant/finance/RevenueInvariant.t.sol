// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AssetToken} from "../../../src/tokenization/AssetToken.sol";
import {DeviceRegistry} from "../../../src/core/DeviceRegistry.sol";
import {IdentityRegistry} from "../../../src/tokenization/IdentityRegistry.sol";
import {RevenueDistributor} from "../../../src/tokenization/RevenueDistributor.sol";
import {TestStablecoin} from "../../../src/mocks/TestStablecoin.sol";
import {Test} from "../../utils/Test.sol";

/// @notice Random revenue deposits, transfers between three holders, mints, burns and claims.
contract RevenueHandler is Test {
    AssetToken internal immutable asset;
    RevenueDistributor internal immutable distributor;
    TestStablecoin internal immutable stable;
    address internal constant ISSUER = address(0x155);

    uint256 public ghost_deposits;

    constructor(AssetToken asset_, RevenueDistributor distributor_, TestStablecoin stable_) {
        (asset, distributor, stable) = (asset_, distributor_, stable_);
        stable.approve(address(distributor), type(uint256).max);
    }

    function holder(uint256 i) public pure returns (address) {
        return address(uint160(0xA000 + (i % 3)));
    }

    function deposit(uint256 amount) external {
        amount = bound(amount, 1, 1_000_000e6);
        stable.mint(address(this), amount);
        distributor.depositRevenue(amount);
        ++ghost_deposits;
    }

    function transfer(uint256 from, uint256 to, uint256 amount) external {
        address f = holder(from);
        uint256 balance = asset.balanceOf(f);
        if (balance == 0) return;
        vm.prank(f);
        asset.transfer(holder(to), bound(amount, 1, balance));
    }

    function mint(uint256 to, uint256 amount) external {
        vm.prank(ISSUER);
        asset.mint(holder(to), bound(amount, 1, 1000e18));
    }

    function burn(uint256 from, uint256 amount) external {
        address f = holder(from);
        uint256 balance = asset.balanceOf(f);
        // keep some supply so deposits always have holders
        if (balance == 0 || asset.totalSupply() - balance == 0) return;
        vm.prank(ISSUER);
        asset.burn(f, bound(amount, 1, balance));
    }

    function claim(uint256 who) external {
        vm.prank(holder(who));
        distributor.claim();
    }
}

/// @notice Invariants of the revenue distributor.
contract RevenueInvariantTest is Test {
    AssetToken internal asset;
    RevenueDistributor internal distributor;
    TestStablecoin internal stable;
    RevenueHandler internal handler;
    address internal constant ISSUER = address(0x155);

    function setUp() public {
        vm.warp(1_750_000_000);
        stable = new TestStablecoin(address(this));
        IdentityRegistry ids = new IdentityRegistry(ISSUER);
        asset = new AssetToken("Solar Plant 1", "SOL1", address(ids), ISSUER);
        distributor = new RevenueDistributor(address(new DeviceRegistry()), address(asset), address(stable), ISSUER);
        handler = new RevenueHandler(asset, distributor, stable);
        vm.startPrank(ISSUER);
        asset.setDistributor(address(distributor));
        for (uint256 i; i < 3; ++i) ids.registerIdentity(handler.holder(i), 276);
        asset.mint(handler.holder(0), 1000e18);
        vm.stopPrank();
        stable.transferOwnership(address(handler));
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Claimable plus claimed revenue equals revenue deposited, up to one unit of rounding dust per holder
    /// and per deposit, and never more than deposited.
    function invariant_ClaimablePlusClaimedEqualsDeposited() public view {
        uint256 owed = distributor.totalClaimed();
        for (uint256 i; i < 3; ++i) owed += distributor.claimable(handler.holder(i));
        uint256 deposited = distributor.totalDeposited();
        assertTrue(owed <= deposited, "more owed than deposited");
        assertTrue(owed + 3 + handler.ghost_deposits() >= deposited, "more than bounded dust lost");
    }

    /// @notice The distributor holds exactly what it owes plus the dust.
    function invariant_DistributorHoldsWhatItOwes() public view {
        assertEq(
            stable.balanceOf(address(distributor)), distributor.totalDeposited() - distributor.totalClaimed(), "held"
        );
    }
}
