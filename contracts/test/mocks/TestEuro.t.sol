// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TestEuro} from "../../src/mocks/TestEuro.sol";
import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";
import {TestStablecoinBase} from "../../src/mocks/TestStablecoinBase.sol";
import {ITestStablecoin} from "../../src/mocks/interfaces/ITestStablecoin.sol";
import {TestStablecoinSuite} from "./TestStablecoin.t.sol";

/// @notice The euro test token: every rule of TestStablecoinSuite on "Test EUR", and its own domain.
contract TestEuroTest is TestStablecoinSuite {
    function _deployCoin() internal override returns (TestStablecoinBase) {
        return new TestEuro(address(this));
    }

    function _metadata() internal pure override returns (string memory, string memory) {
        return ("Test EUR", "tEUR");
    }

    function test_RevertWhen_AuthorizationSignedOnTheDollarDomain() public {
        // the same payer, amount and nonce signed for the dollar token: another domain, so not a euro signature
        TestStablecoinBase usd = new TestStablecoin(address(this));
        assertTrue(usd.DOMAIN_SEPARATOR() != coin.DOMAIN_SEPARATOR(), "two domains");
        Auth memory a = _auth(coin.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("n"));
        (uint8 v, bytes32 r, bytes32 s) = _signOn(usd, PAYER_KEY, a);
        vm.expectRevert(ITestStablecoin.TestStablecoinInvalidSignature.selector);
        _transfer(a, v, r, s);
    }
}
