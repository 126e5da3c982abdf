// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {AssetToken} from "../../src/tokenization/AssetToken.sol";
import {IdentityRegistry} from "../../src/tokenization/IdentityRegistry.sol";
import {RevenueDistributor} from "../../src/tokenization/RevenueDistributor.sol";
import {IAssetToken} from "../../src/tokenization/interfaces/IAssetToken.sol";
import {IIdentityRegistry} from "../../src/tokenization/interfaces/IIdentityRegistry.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {Observation} from "../../src/core/libraries/EdgeMessages.sol";
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
        _register(ISSUER, METER_KEY, DeviceRoles.METER);
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

    /// @dev Dividend per share rounds down: a holder may get one unit less than the exact share, never more.
    function _assertWithinDust(uint256 actual, uint256 exact, string memory why) internal pure {
        assertTrue(actual <= exact && actual + 1 >= exact, why);
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

    function test_RevertWhen_SenderFrozen() public {
        vm.prank(ISSUER);
        asset.setFrozen(ALICE, true);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenFrozen.selector, ALICE));
        asset.transfer(BOB, 1);
    }

    function test_RevertWhen_ReceiverFrozen() public {
        vm.prank(ISSUER);
        asset.setFrozen(ALICE, true);
        vm.prank(BOB);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenFrozen.selector, ALICE));
        asset.transfer(ALICE, 1);
    }

    function test_ForcedTransfer_MovesAFrozenHolding() public {
        vm.prank(ISSUER);
        asset.setFrozen(ALICE, true);
        vm.prank(ISSUER);
        asset.forcedTransfer(ALICE, BOB, 600e18);
        assertEq(asset.balanceOf(BOB), 1000e18, "agent moved the frozen holding");
    }

    /// @dev Expects the next asset-token call from this (non-agent) test to be refused.
    function _expectNotAgent() internal {
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenNotAgent.selector, address(this)));
    }

    function test_RevertWhen_MintByNonAgent() public {
        _expectNotAgent();
        asset.mint(ALICE, 1);
    }

    function test_RevertWhen_BurnByNonAgent() public {
        _expectNotAgent();
        asset.burn(ALICE, 1);
    }

    function test_RevertWhen_ForcedTransferByNonAgent() public {
        _expectNotAgent();
        asset.forcedTransfer(ALICE, BOB, 1);
    }

    function test_RevertWhen_SetFrozenByNonAgent() public {
        _expectNotAgent();
        asset.setFrozen(ALICE, true);
    }

    function test_RevertWhen_SetHolderCapByNonAgent() public {
        _expectNotAgent();
        asset.setHolderCap(1);
    }

    function test_RevertWhen_SetCountryBlockedByNonAgent() public {
        _expectNotAgent();
        asset.setCountryBlocked(276, true);
    }

    function test_RevertWhen_SetCapExemptByNonAgent() public {
        _expectNotAgent();
        asset.setCapExempt(ALICE, true);
    }

    function test_RevertWhen_MintToUnverified() public {
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenUnverifiedReceiver.selector, CAROL));
        vm.prank(ISSUER);
        asset.mint(CAROL, 1);
    }

    function test_Burn_ByAgentKeepsEarlierRevenueWithTheHolder() public {
        distributor.depositRevenue(1000e6);
        vm.prank(ISSUER);
        asset.burn(ALICE, 600e18);
        assertEq(asset.balanceOf(ALICE), 0, "burned");
        assertEq(asset.totalSupply(), 400e18, "supply");
        _assertWithinDust(distributor.claimable(ALICE), 600e6, "revenue from before the burn stays hers");
    }

    /// @dev Freezes stop the holder, not the agent (ERC-3643/T-REX): an agent burns from a frozen wallet.
    function test_Burn_ByAgentFromFrozenHolder() public {
        vm.prank(ISSUER);
        asset.setFrozen(ALICE, true);
        vm.prank(ISSUER);
        asset.burn(ALICE, 600e18);
        assertEq(asset.balanceOf(ALICE), 0, "burned although frozen");
        assertEq(asset.totalSupply(), 400e18, "supply");
        assertTrue(asset.isFrozen(ALICE), "still frozen");
    }

    function test_RevertWhen_MintToFrozenAccount() public {
        vm.prank(ISSUER);
        asset.setFrozen(BOB, true);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenFrozen.selector, BOB));
        vm.prank(ISSUER);
        asset.mint(BOB, 1);
    }

    function test_RevertWhen_ForcedTransferToUnverified() public {
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenUnverifiedReceiver.selector, CAROL));
        vm.prank(ISSUER);
        asset.forcedTransfer(ALICE, CAROL, 1);
    }

    function test_RevertWhen_TransferFromToUnverified() public {
        vm.prank(ALICE);
        asset.approve(BOB, 10e18);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenUnverifiedReceiver.selector, CAROL));
        vm.prank(BOB);
        asset.transferFrom(ALICE, CAROL, 1);
    }

    function test_Views_HolderCapIdentityRegistryAndFreezes() public {
        assertEq(asset.identityRegistry(), address(ids), "identity registry");
        assertEq(asset.holderCap(), 0, "no cap at first");
        vm.expectEmit(true, false, false, true, address(asset));
        emit IAssetToken.Frozen(ALICE, true);
        vm.startPrank(ISSUER);
        asset.setFrozen(ALICE, true);
        asset.setHolderCap(500e18);
        vm.stopPrank();
        assertTrue(asset.isFrozen(ALICE), "frozen");
        assertFalse(asset.isFrozen(BOB), "only Alice");
        assertEq(asset.holderCap(), 500e18, "cap");
    }

    /// @dev The distributor is wired once; a second wiring names the one already set.
    function test_RevertWhen_SetDistributorTwice() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAssetToken.AssetTokenDistributorAlreadySet.selector, address(distributor))
        );
        vm.prank(ISSUER);
        asset.setDistributor(address(0xD157));
    }

    function test_RevertWhen_SetDistributorByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        asset.setDistributor(address(0xD157));
    }

    function test_SetAgent_ByOwnerGrantsAndRevokes() public {
        vm.expectEmit(true, false, false, true, address(ids));
        emit IIdentityRegistry.AgentSet(CAROL, true);
        vm.prank(ISSUER);
        ids.setAgent(CAROL, true);
        assertTrue(ids.isAgent(CAROL), "agent");
        vm.prank(CAROL);
        ids.registerIdentity(CAROL, 528);
        assertEq(uint256(ids.countryOf(CAROL)), 528, "the new agent verified a holder");
        vm.prank(ISSUER);
        ids.setAgent(CAROL, false);
        assertFalse(ids.isAgent(CAROL), "revoked");
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryNotAgent.selector, CAROL));
        vm.prank(CAROL);
        ids.removeIdentity(CAROL);
    }

    function test_RevertWhen_SetAgentByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        ids.setAgent(address(this), true);
    }

    function test_RevertWhen_RegisterIdentityByNonAgent() public {
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryNotAgent.selector, address(this)));
        ids.registerIdentity(CAROL, 1);
    }

    function test_RevertWhen_RemoveIdentityByNonAgent() public {
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryNotAgent.selector, address(this)));
        ids.removeIdentity(BOB);
    }

    function test_RevertWhen_IdentityForZeroHolder() public {
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.IdentityRegistryBadIdentity.selector, address(0), uint16(276))
        );
        vm.prank(ISSUER);
        ids.registerIdentity(address(0), 276);
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
}
