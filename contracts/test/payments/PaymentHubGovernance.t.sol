// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {PaymentHub} from "../../src/payments/PaymentHub.sol";
import {IPaymentHub} from "../../src/payments/interfaces/IPaymentHub.sol";
import {PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {PaymentFixture} from "./PaymentHub.t.sol";

/// @dev The hub's construction, views and owner settings: fee and treasury, refund window, exchange pairs.
contract PaymentHubGovernanceTest is PaymentFixture {
    function setUp() public {
        _deployHub();
    }

    function test_Constructor_StoresRegistryFeeAndDefaults() public view {
        assertEq(hub.registry(), address(registry), "registry");
        assertEq(hub.domainSeparator(), registry.domainSeparator(), "the registry's domain");
        assertEq(hub.owner(), OWNER, "owner");
        (uint16 bps, address treasury) = hub.fee();
        assertEq(uint256(bps), 100, "fee");
        assertEq(treasury, TREASURY, "treasury");
        assertEq(uint256(hub.refundWindow()), 30 days, "default refund window");
        assertEq(uint256(hub.MAX_FEE_BPS()), 1000, "fees are capped at 10%");
    }

    function test_IntentDigest_MatchesRegistry() public {
        PaymentIntent memory intent = _intent(1e6);
        assertEq(hub.intentDigest(intent), _digest(intent), "the digest the terminal signs");
    }

    function test_RevertWhen_ConstructedWithForeignRegistry() public {
        address foreign = _expectForeignRegistryRefused();
        new PaymentHub(foreign, OWNER, TREASURY, 100);
    }

    function test_RevertWhen_ConstructedWithFeeAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubBadFee.selector, uint16(1001)));
        new PaymentHub(address(registry), OWNER, TREASURY, 1001);
    }

    function test_RevertWhen_ConstructedWithZeroTreasury() public {
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubBadFee.selector, uint16(100)));
        new PaymentHub(address(registry), OWNER, address(0), 100);
    }

    function test_SetFee_ByOwnerEmitsFeeSet() public {
        vm.expectEmit(false, false, false, true, address(hub));
        emit IPaymentHub.FeeSet(25, address(0xFEE));
        vm.prank(OWNER);
        hub.setFee(25, address(0xFEE));
        (uint16 bps, address treasury) = hub.fee();
        assertEq(uint256(bps), 25, "fee set");
        assertEq(treasury, address(0xFEE), "treasury set");
    }

    function test_RevertWhen_SetFeeAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubBadFee.selector, uint16(1001)));
        vm.prank(OWNER);
        hub.setFee(1001, TREASURY);
    }

    function test_RevertWhen_SetFeeZeroTreasury() public {
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubBadFee.selector, uint16(25)));
        vm.prank(OWNER);
        hub.setFee(25, address(0));
    }

    function test_RevertWhen_SetFeeByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        hub.setFee(10, TREASURY);
    }

    function test_SetRefundWindow_ByOwnerMovesTheRefundDeadline() public {
        vm.expectEmit(false, false, false, true, address(hub));
        emit IPaymentHub.RefundWindowSet(1 days);
        vm.prank(OWNER);
        hub.setRefundWindow(1 days);
        assertEq(uint256(hub.refundWindow()), 1 days, "window set");
        PaymentIntent memory intent = _intent(10e6);
        _settle(intent);
        vm.warp(intent.expiry + 1 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubRefundRefused.selector, _digest(intent)));
        vm.prank(MERCHANT);
        hub.refund(intent, customer, 1e6, 0, new IPaymentHub.SaleRecord[](0)); // the word's first sale: log before 0
    }

    function test_RevertWhen_SetRefundWindowByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        hub.setRefundWindow(1 days);
    }

    function test_SetPair_ByOwnerEmitsPairSet() public {
        vm.expectEmit(true, true, false, true, address(hub));
        emit IPaymentHub.PairSet(address(token), address(0xE0), address(0xAA12));
        vm.prank(OWNER);
        hub.setPair(address(token), address(0xE0), address(0xAA12));
    }

    function test_RevertWhen_SetPairByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        hub.setPair(address(token), address(0xE0), address(0xAA12));
    }

    function test_SetFxGuard_ByOwnerEmitsAndIsRead() public {
        (uint32 window, uint16 tolerance) = hub.fxGuard();
        assertEq(uint256(window), 15 minutes, "default window");
        assertEq(uint256(tolerance), 200, "default tolerance");
        vm.expectEmit(false, false, false, true, address(hub));
        emit IPaymentHub.FxGuardSet(30 minutes, 50);
        vm.prank(OWNER);
        hub.setFxGuard(30 minutes, 50);
        (window, tolerance) = hub.fxGuard();
        assertEq(uint256(window) + tolerance, 30 minutes + 50, "set");
    }

    function test_RevertWhen_SetFxGuardZeroWindow() public {
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubBadFxGuard.selector, uint32(0), uint16(50)));
        vm.prank(OWNER);
        hub.setFxGuard(0, 50);
    }

    function test_RevertWhen_SetFxGuardToleranceAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubBadFxGuard.selector, uint32(60), uint16(1001)));
        vm.prank(OWNER);
        hub.setFxGuard(60, 1001);
    }

    function test_RevertWhen_SetFxGuardByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        hub.setFxGuard(60, 50);
    }

    function test_NextPayerLog_IsTheHighHalfOfTheStepHash() public view {
        bytes32 digest = keccak256("a sale");
        uint128 expected = uint128(uint256(keccak256(abi.encode(uint128(7), digest, customer))) >> 128);
        assertEq(uint256(hub.nextPayerLog(7, digest, customer)), uint256(expected), "step");
    }

    function test_Constants_BoundAmountsAndTheFxTolerance() public view {
        assertEq(hub.MAX_AMOUNT(), type(uint128).max, "amounts fit 128 bits");
        assertEq(uint256(hub.MAX_FX_TOLERANCE_BPS()), 1000, "at most 10% above the TWAP");
    }
}
