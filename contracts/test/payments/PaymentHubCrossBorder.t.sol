// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ConstantProductPair} from "../../src/trading/ConstantProductPair.sol";
import {TestEuro} from "../../src/mocks/TestEuro.sol";
import {TestStablecoinBase} from "../../src/mocks/TestStablecoinBase.sol";
import {IConstantProductPair} from "../../src/trading/interfaces/IConstantProductPair.sol";
import {IPaymentHub} from "../../src/payments/interfaces/IPaymentHub.sol";
import {ITestStablecoin} from "../../src/mocks/interfaces/ITestStablecoin.sol";
import {CustomerAuthorization, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {PairLiquidity} from "../utils/PairLiquidity.sol";
import {PaymentFixture} from "./PaymentHub.t.sol";

/// @dev Cross-border payments swapped on the hub's USD/EUR pair: dollars for a sale priced in euros, and euros
/// (signed on the euro token's own domain) for a sale priced in dollars.
contract CrossBorderTest is PaymentFixture {
    TestEuro internal eur;
    ConstantProductPair internal pair;

    function setUp() public {
        _deployHub();
        eur = new TestEuro(address(this));
        pair = new ConstantProductPair(address(token), address(eur));
        PairLiquidity.seed(pair, token, eur, 1_100_000e6, 1_000_000e6); // 1 EUR = 1.10 USD
        vm.prank(OWNER);
        hub.setPair(address(token), address(eur), address(pair));
        // the keeper's TWAP upkeep: a first observation, then the guard's 15-minute window passes
        vm.warp(block.timestamp + 1);
        pair.poke();
        vm.warp(block.timestamp + 15 minutes);
    }

    function _eurIntent(uint256 amount) internal returns (PaymentIntent memory intent) {
        intent = _intent(amount);
        intent.token = address(eur);
    }

    function _crossAuth(PaymentIntent memory intent, uint256 maxInput)
        internal
        view
        returns (IPaymentHub.CrossBorderAuthorization memory a)
    {
        CustomerAuthorization memory c =
            _authorize(CUSTOMER_KEY, address(hub), maxInput, _digest(intent), block.timestamp + 1 hours);
        a = IPaymentHub.CrossBorderAuthorization(
            c.from, address(token), maxInput, c.validAfter, c.validBefore, c.v, c.r, c.s
        );
    }

    function test_SettleCrossBorder_PaysEuroAndReturnsUnusedDollars() public {
        PaymentIntent memory intent = _eurIntent(100e6);
        uint256 quote = pair.quoteExactOut(address(token), 100e6);
        hub.settleCrossBorder(intent, _signIntent(TERMINAL_KEY, intent), _crossAuth(intent, 120e6));
        assertEq(eur.balanceOf(MERCHANT), 99e6, "merchant got euros net of fee");
        assertEq(eur.balanceOf(TREASURY), 1e6, "fee in euros");
        assertEq(token.balanceOf(customer), 1_000_000e6 - quote, "customer paid only the swap's input");
        assertEq(token.balanceOf(address(hub)) + eur.balanceOf(address(hub)), 0, "hub keeps nothing");
    }

    /// @dev A euro payer for a dollar sale: the customer signs the EIP-3009 authorization on the euro token's
    /// own domain ("Test EUR"), with the sale's digest as nonce.
    function _euroAuth(PaymentIntent memory intent, uint256 maxInput, TestStablecoinBase domainToken)
        internal
        view
        returns (IPaymentHub.CrossBorderAuthorization memory)
    {
        CustomerAuthorization memory c = _authorizeOn(
            domainToken, CUSTOMER_KEY, address(hub), maxInput, _digest(intent), block.timestamp + 1 hours
        );
        return IPaymentHub.CrossBorderAuthorization(
            c.from, address(eur), maxInput, c.validAfter, c.validBefore, c.v, c.r, c.s
        );
    }

    function test_SettleCrossBorder_EuroPayerSignsOnTheEuroDomain() public {
        eur.mint(customer, 1000e6);
        PaymentIntent memory intent = _intent(100e6); // priced in dollars
        uint256 quote = pair.quoteExactOut(address(eur), 100e6);
        hub.settleCrossBorder(intent, _signIntent(TERMINAL_KEY, intent), _euroAuth(intent, 100e6, eur));
        assertEq(token.balanceOf(MERCHANT), 99e6, "merchant got dollars net of fee");
        assertEq(eur.balanceOf(customer), 1000e6 - quote, "customer paid only the swap's euro input");
        assertEq(token.balanceOf(address(hub)) + eur.balanceOf(address(hub)), 0, "hub keeps nothing");
    }

    function test_RevertWhen_CrossBorderEuroAuthorizationSignedOnTheDollarDomain() public {
        eur.mint(customer, 1000e6);
        PaymentIntent memory intent = _intent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        IPaymentHub.CrossBorderAuthorization memory a = _euroAuth(intent, 100e6, token); // "Test USD" domain
        vm.expectRevert(ITestStablecoin.TestStablecoinInvalidSignature.selector);
        hub.settleCrossBorder(intent, sig, a);
    }

    function test_RevertWhen_CrossBorderInputAboveSignedMax() public {
        PaymentIntent memory intent = _eurIntent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        IPaymentHub.CrossBorderAuthorization memory a = _crossAuth(intent, 105e6);
        uint256 needed = pair.quoteExactOut(address(token), 100e6); // ~110.4 USD
        vm.expectRevert(
            abi.encodeWithSelector(IConstantProductPair.ConstantProductPairSlippageIn.selector, needed, 105e6)
        );
        hub.settleCrossBorder(intent, sig, a);
        assertEq(token.balanceOf(customer), 1_000_000e6, "nothing taken");
    }

    function test_RevertWhen_CrossBorderMaxRaisedByTheRelayer() public {
        PaymentIntent memory intent = _eurIntent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        IPaymentHub.CrossBorderAuthorization memory a = _crossAuth(intent, 105e6);
        a.maxInput = 200e6; // the customer's signature no longer matches
        vm.expectRevert(ITestStablecoin.TestStablecoinInvalidSignature.selector);
        hub.settleCrossBorder(intent, sig, a);
    }

    function test_RevertWhen_CrossBorderIntentExpired() public {
        PaymentIntent memory intent = _eurIntent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        IPaymentHub.CrossBorderAuthorization memory a = _crossAuth(intent, 120e6);
        vm.warp(intent.expiry + 1);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubIntentExpired.selector, intent.expiry));
        hub.settleCrossBorder(intent, sig, a);
    }

    function test_RevertWhen_NoPair() public {
        vm.prank(OWNER);
        hub.setPair(address(token), address(eur), address(0));
        PaymentIntent memory intent = _eurIntent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        IPaymentHub.CrossBorderAuthorization memory a = _crossAuth(intent, 120e6);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubNoPair.selector, address(token), address(eur)));
        hub.settleCrossBorder(intent, sig, a);
    }

    /// @dev Issue 15 "also": a relayer who buys euros just before relaying cannot make the customer pay up to the
    /// signed maximum; the swap is bounded by the pair's TWAP price plus the tolerance.
    function test_RevertWhen_CrossBorderSandwichedByTheRelayer() public {
        PaymentIntent memory intent = _eurIntent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        IPaymentHub.CrossBorderAuthorization memory a = _crossAuth(intent, 200e6); // a generous maximum
        token.mint(address(this), 300_000e6);
        token.approve(address(pair), type(uint256).max);
        pair.swapExactIn(address(token), 300_000e6, 0, address(this), block.timestamp); // the front-run
        uint256 needed = pair.quoteExactOut(address(token), 100e6);
        (uint256 price,) = pair.twap(address(token), 15 minutes);
        uint256 bound = 100e6 * 1e18 * 10_200 / (price * 10_000);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubSwapAboveTwap.selector, needed, bound));
        hub.settleCrossBorder(intent, sig, a);
        assertEq(token.balanceOf(customer), 1_000_000e6, "nothing taken");
    }

    /// @notice Whatever the relayer does to the spot price first, the customer pays at most the TWAP price plus the
    /// tolerance (or the payment is refused).
    function testFuzz_CrossBorderInputBoundedByTwap(uint256 frontRun, bool buyEuros) public {
        frontRun = bound(frontRun, 1e6, 500_000e6);
        PaymentIntent memory intent = _eurIntent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        IPaymentHub.CrossBorderAuthorization memory a = _crossAuth(intent, 1000e6);
        (uint256 price,) = pair.twap(address(token), 15 minutes);
        if (buyEuros) {
            token.mint(address(this), frontRun);
            token.approve(address(pair), type(uint256).max);
            pair.swapExactIn(address(token), frontRun, 0, address(this), block.timestamp);
        } else {
            eur.mint(address(this), frontRun);
            eur.approve(address(pair), type(uint256).max);
            pair.swapExactIn(address(eur), frontRun, 0, address(this), block.timestamp);
        }
        try hub.settleCrossBorder(intent, sig, a) {
            uint256 paid = 1_000_000e6 - token.balanceOf(customer);
            assertTrue(paid <= 100e6 * 1e18 * 10_200 / (price * 10_000), "paid within the TWAP bound");
        } catch (bytes memory reason) {
            assertEq(bytes4(reason), IPaymentHub.PaymentHubSwapAboveTwap.selector, "refused only by the guard");
            assertEq(token.balanceOf(customer), 1_000_000e6, "nothing taken");
        }
    }

    function test_RevertWhen_CrossBorderBeforeTheTwapWindow() public {
        ConstantProductPair fresh = new ConstantProductPair(address(token), address(eur));
        PairLiquidity.seed(fresh, token, eur, 1_100_000e6, 1_000_000e6);
        vm.prank(OWNER);
        hub.setPair(address(token), address(eur), address(fresh));
        PaymentIntent memory intent = _eurIntent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        IPaymentHub.CrossBorderAuthorization memory a = _crossAuth(intent, 120e6);
        vm.expectRevert(
            abi.encodeWithSelector(IConstantProductPair.ConstantProductPairTwapUnavailable.selector, uint32(15 minutes))
        );
        hub.settleCrossBorder(intent, sig, a);
    }
}
