// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";
import {TestStablecoinBase} from "../../src/mocks/TestStablecoinBase.sol";
import {IEIP3009} from "../../src/core/interfaces/IEIP3009.sol";
import {ITestStablecoin} from "../../src/mocks/interfaces/ITestStablecoin.sol";
import {EdgeMessages} from "../../src/core/libraries/EdgeMessages.sol";
import {Test} from "../utils/Test.sol";

/// @notice Every rule of the test stablecoins (TestStablecoinBase), run once per token: TestStablecoinTest below
/// and TestEuroTest (TestEuro.t.sol). Each suite names its token's metadata, which is also its EIP-712 domain name.
abstract contract TestStablecoinSuite is Test {
    TestStablecoinBase internal coin;
    uint256 internal constant PAYER_KEY = 0xC0FFEE;
    address internal payer;
    address internal constant PAYEE = address(0xBEEF);
    uint256 internal constant NOW = 1_750_000_000;

    function setUp() public {
        vm.warp(NOW);
        coin = _deployCoin();
        payer = vm.addr(PAYER_KEY);
        coin.mint(payer, 100e6);
    }

    /// @dev The token under test, owned by this test.
    function _deployCoin() internal virtual returns (TestStablecoinBase);

    /// @dev Its name (also its EIP-712 domain name) and symbol.
    function _metadata() internal pure virtual returns (string memory name, string memory symbol);

    struct Auth {
        bytes32 typeHash;
        address from;
        address to;
        uint256 value;
        uint256 validAfter;
        uint256 validBefore;
        bytes32 nonce;
    }

    function _auth(bytes32 typeHash, uint256 value, bytes32 nonce) internal view returns (Auth memory) {
        return Auth(typeHash, payer, PAYEE, value, NOW - 1, NOW + 1 hours, nonce);
    }

    function _sign(uint256 key, Auth memory a) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        return _signOn(coin, key, a);
    }

    /// @dev The authorization signed on `domainToken`'s EIP-712 domain.
    function _signOn(TestStablecoinBase domainToken, uint256 key, Auth memory a)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash =
            keccak256(abi.encode(a.typeHash, a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce));
        return vm.sign(key, EdgeMessages.toTypedDataHash(domainToken.DOMAIN_SEPARATOR(), structHash));
    }

    function _transfer(Auth memory a, uint8 v, bytes32 r, bytes32 s) internal {
        coin.transferWithAuthorization(a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, v, r, s);
    }

    function _signCancel(uint256 key, address authorizer, bytes32 nonce)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(abi.encode(coin.CANCEL_AUTHORIZATION_TYPEHASH(), authorizer, nonce));
        return vm.sign(key, EdgeMessages.toTypedDataHash(coin.DOMAIN_SEPARATOR(), structHash));
    }

    function test_Metadata_NameSymbolAndSixDecimals() public view {
        (string memory name, string memory symbol) = _metadata();
        assertEq(coin.name(), name, "name");
        assertEq(coin.symbol(), symbol, "symbol");
        assertEq(uint256(coin.decimals()), 6, "decimals");
        assertEq(coin.owner(), address(this), "owner");
    }

    function test_Typehashes_MatchEip3009() public view {
        assertEq(
            coin.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(),
            keccak256(
                "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
            ),
            "transfer"
        );
        assertEq(
            coin.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(),
            keccak256(
                "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
            ),
            "receive"
        );
        assertEq(
            coin.CANCEL_AUTHORIZATION_TYPEHASH(),
            keccak256("CancelAuthorization(address authorizer,bytes32 nonce)"),
            "cancel"
        );
    }

    function test_DomainSeparator_IsTheTokenNameVersion1() public view {
        (string memory name,) = _metadata();
        assertEq(
            coin.DOMAIN_SEPARATOR(),
            keccak256(
                abi.encode(
                    keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                    keccak256(bytes(name)),
                    keccak256("1"),
                    block.chainid,
                    address(coin)
                )
            ),
            "the token's own domain"
        );
    }

    function test_Mint_ByOwnerCreatesTokens() public {
        coin.mint(PAYEE, 5e6);
        assertEq(coin.balanceOf(PAYEE), 5e6, "balance");
        assertEq(coin.totalSupply(), 105e6, "supply");
    }

    function test_RevertWhen_MintByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, PAYEE));
        vm.prank(PAYEE);
        coin.mint(PAYEE, 1);
    }

    function test_Permit_SetsAllowance() public {
        uint256 deadline = NOW + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                payer,
                PAYEE,
                7e6,
                coin.nonces(payer),
                deadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(PAYER_KEY, EdgeMessages.toTypedDataHash(coin.DOMAIN_SEPARATOR(), structHash));
        coin.permit(payer, PAYEE, 7e6, deadline, v, r, s);
        assertEq(coin.allowance(payer, PAYEE), 7e6, "allowance");
        assertEq(coin.nonces(payer), 1, "permit nonce used");
    }

    function test_TransferWithAuthorization_MovesFundsAndUsesNonce() public {
        Auth memory a = _auth(coin.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), 12_500_000, keccak256("n1"));
        (uint8 v, bytes32 r, bytes32 s) = _sign(PAYER_KEY, a);

        vm.expectEmit(true, true, true, true, address(coin));
        emit IEIP3009.AuthorizationUsed(payer, a.nonce);
        vm.prank(address(0x5EED)); // any relayer
        _transfer(a, v, r, s);

        assertEq(coin.balanceOf(PAYEE), 12_500_000, "payee");
        assertEq(coin.balanceOf(payer), 100e6 - 12_500_000, "payer");
        assertTrue(coin.authorizationState(payer, a.nonce), "nonce used");
    }

    function test_ReceiveWithAuthorization_ByPayee() public {
        Auth memory a = _auth(coin.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("r1"));
        (uint8 v, bytes32 r, bytes32 s) = _sign(PAYER_KEY, a);

        vm.prank(PAYEE);
        coin.receiveWithAuthorization(a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, v, r, s);
        assertEq(coin.balanceOf(PAYEE), 1e6, "payee");
        assertTrue(coin.authorizationState(payer, a.nonce), "nonce used");
    }

    function test_RevertWhen_ReceiveWithAuthorizationReplayed() public {
        Auth memory a = _auth(coin.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("r1"));
        (uint8 v, bytes32 r, bytes32 s) = _sign(PAYER_KEY, a);
        vm.prank(PAYEE);
        coin.receiveWithAuthorization(a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, v, r, s);

        vm.expectRevert(
            abi.encodeWithSelector(ITestStablecoin.TestStablecoinAuthorizationAlreadyUsed.selector, payer, a.nonce)
        );
        vm.prank(PAYEE);
        coin.receiveWithAuthorization(a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, v, r, s);
    }

    function test_RevertWhen_ReceiveWithAuthorizationByOtherCaller() public {
        Auth memory a = _auth(coin.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("r1"));
        (uint8 v, bytes32 r, bytes32 s) = _sign(PAYER_KEY, a);

        vm.expectRevert(
            abi.encodeWithSelector(ITestStablecoin.TestStablecoinCallerNotPayee.selector, address(this), PAYEE)
        );
        coin.receiveWithAuthorization(a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, v, r, s);
    }

    function test_RevertWhen_ReceiveAuthorizationUsedAsTransfer() public {
        // A receive authorization signed for the payee cannot be front-run through transferWithAuthorization.
        Auth memory a = _auth(coin.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("r1"));
        (uint8 v, bytes32 r, bytes32 s) = _sign(PAYER_KEY, a);

        vm.expectRevert(ITestStablecoin.TestStablecoinInvalidSignature.selector);
        _transfer(a, v, r, s);
    }

    function test_RevertWhen_TransferWithAuthorizationNotYetValid() public {
        Auth memory a = _auth(coin.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("n"));
        a.validAfter = NOW; // valid strictly after validAfter
        (uint8 v, bytes32 r, bytes32 s) = _sign(PAYER_KEY, a);

        vm.expectRevert(abi.encodeWithSelector(ITestStablecoin.TestStablecoinAuthorizationNotYetValid.selector, NOW));
        _transfer(a, v, r, s);
    }

    function test_RevertWhen_TransferWithAuthorizationExpired() public {
        Auth memory a = _auth(coin.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("n"));
        a.validBefore = NOW; // valid strictly before validBefore
        (uint8 v, bytes32 r, bytes32 s) = _sign(PAYER_KEY, a);

        vm.expectRevert(abi.encodeWithSelector(ITestStablecoin.TestStablecoinAuthorizationExpired.selector, NOW));
        _transfer(a, v, r, s);
    }

    function test_RevertWhen_TransferWithAuthorizationReplayed() public {
        Auth memory a = _auth(coin.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("n"));
        (uint8 v, bytes32 r, bytes32 s) = _sign(PAYER_KEY, a);
        _transfer(a, v, r, s);

        vm.expectRevert(
            abi.encodeWithSelector(ITestStablecoin.TestStablecoinAuthorizationAlreadyUsed.selector, payer, a.nonce)
        );
        _transfer(a, v, r, s);
    }

    function test_RevertWhen_TransferWithAuthorizationWrongSigner() public {
        Auth memory a = _auth(coin.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("n"));
        (uint8 v, bytes32 r, bytes32 s) = _sign(0xBAD, a);

        vm.expectRevert(ITestStablecoin.TestStablecoinInvalidSignature.selector);
        _transfer(a, v, r, s);
    }

    function test_RevertWhen_TransferWithAuthorizationHighS() public {
        Auth memory a = _auth(coin.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("n"));
        (uint8 v, bytes32 r, bytes32 s) = _sign(PAYER_KEY, a);

        vm.expectRevert(ITestStablecoin.TestStablecoinInvalidSignature.selector);
        _transfer(a, v == 27 ? 28 : 27, r, bytes32(SECP256K1_N - uint256(s)));
    }

    function test_RevertWhen_TransferWithAuthorizationTamperedValue() public {
        Auth memory a = _auth(coin.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("n"));
        (uint8 v, bytes32 r, bytes32 s) = _sign(PAYER_KEY, a);
        a.value = 2e6;

        vm.expectRevert(ITestStablecoin.TestStablecoinInvalidSignature.selector);
        _transfer(a, v, r, s);
    }

    function test_CancelAuthorization_BlocksLaterUse() public {
        Auth memory a = _auth(coin.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), 1e6, keccak256("n"));
        (uint8 cv, bytes32 cr, bytes32 cs) = _signCancel(PAYER_KEY, payer, a.nonce);

        vm.expectEmit(true, true, true, true, address(coin));
        emit IEIP3009.AuthorizationCanceled(payer, a.nonce);
        coin.cancelAuthorization(payer, a.nonce, cv, cr, cs);
        assertTrue(coin.authorizationState(payer, a.nonce), "nonce consumed");

        (uint8 v, bytes32 r, bytes32 s) = _sign(PAYER_KEY, a);
        vm.expectRevert(
            abi.encodeWithSelector(ITestStablecoin.TestStablecoinAuthorizationAlreadyUsed.selector, payer, a.nonce)
        );
        _transfer(a, v, r, s);
    }

    function test_RevertWhen_CancelAuthorizationTwice() public {
        bytes32 nonce = keccak256("n");
        (uint8 v, bytes32 r, bytes32 s) = _signCancel(PAYER_KEY, payer, nonce);
        coin.cancelAuthorization(payer, nonce, v, r, s);

        vm.expectRevert(
            abi.encodeWithSelector(ITestStablecoin.TestStablecoinAuthorizationAlreadyUsed.selector, payer, nonce)
        );
        coin.cancelAuthorization(payer, nonce, v, r, s);
    }

    function test_RevertWhen_CancelAuthorizationWrongSigner() public {
        bytes32 nonce = keccak256("n");
        (uint8 v, bytes32 r, bytes32 s) = _signCancel(0xBAD, payer, nonce);

        vm.expectRevert(ITestStablecoin.TestStablecoinInvalidSignature.selector);
        coin.cancelAuthorization(payer, nonce, v, r, s);
    }

    function test_AuthorizationState_FalseWhenUnused() public view {
        assertFalse(coin.authorizationState(payer, keccak256("never")), "unused");
    }

    function testFuzz_TransferWithAuthorization_UsableOnce(uint256 keySeed, uint256 value, bytes32 nonce) public {
        uint256 key = boundKey(keySeed);
        address from = vm.addr(key);
        vm.assume(from != PAYEE);
        value = bound(value, 0, 1e15);
        coin.mint(from, value);
        Auth memory a = Auth(coin.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), from, PAYEE, value, 0, NOW + 1, nonce);
        (uint8 v, bytes32 r, bytes32 s) = _sign(key, a);

        uint256 before = coin.balanceOf(PAYEE);
        _transfer(a, v, r, s);
        assertEq(coin.balanceOf(PAYEE) - before, value, "paid once");

        vm.expectRevert(
            abi.encodeWithSelector(ITestStablecoin.TestStablecoinAuthorizationAlreadyUsed.selector, from, nonce)
        );
        _transfer(a, v, r, s);
    }
}

/// @notice The dollar test token, as tools/EdgeOracle.Devnet deploys it.
contract TestStablecoinTest is TestStablecoinSuite {
    function _deployCoin() internal override returns (TestStablecoinBase) {
        return new TestStablecoin(address(this));
    }

    function _metadata() internal pure override returns (string memory, string memory) {
        return ("Test USD", "tUSD");
    }
}
