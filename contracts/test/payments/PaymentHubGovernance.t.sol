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
        hub.settle(intent, _signIntent(TERMINAL_KEY, intent), _auth(intent));
        vm.warp(intent.expiry + 1 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubRefundRefused.selector, _digest(intent)));
        vm.prank(MERCHANT);
        hub.refund(intent, customer, 1e6);
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
}
