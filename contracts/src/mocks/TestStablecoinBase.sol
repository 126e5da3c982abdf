// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {IEIP3009} from "../core/interfaces/IEIP3009.sol";
import {ITestStablecoin} from "./interfaces/ITestStablecoin.sol";

/// @title TestStablecoinBase
/// @notice A 6-decimal test stablecoin for the demo and the tests: the owner mints; holders pay with EIP-2612 permits
/// or EIP-3009 authorizations signed on the token's own EIP-712 domain (its name, version "1"). TestStablecoin
/// ("Test USD") and TestEuro ("Test EUR") differ only in name and symbol, so each has its own domain: a signature
/// for one token is worthless on the other.
abstract contract TestStablecoinBase is ITestStablecoin, ERC20Permit, Ownable {
    /// @notice keccak256 of the EIP-3009 TransferWithAuthorization type string.
    bytes32 public constant TRANSFER_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );

    /// @notice keccak256 of the EIP-3009 ReceiveWithAuthorization type string.
    bytes32 public constant RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );

    /// @notice keccak256 of the EIP-3009 CancelAuthorization type string.
    bytes32 public constant CANCEL_AUTHORIZATION_TYPEHASH =
        keccak256("CancelAuthorization(address authorizer,bytes32 nonce)");

    mapping(address authorizer => mapping(bytes32 nonce => bool used)) private _authorizations;

    /// @param name_ Token name, also the EIP-712 domain name.
    /// @param symbol_ Token symbol.
    /// @param initialOwner The account allowed to mint.
    constructor(string memory name_, string memory symbol_, address initialOwner)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
        Ownable(initialOwner)
    {}

    /// @notice Minor units per token: 6, like the fiat stablecoins it stands in for (USDC, EURC).
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @inheritdoc ITestStablecoin
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @inheritdoc IEIP3009
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        _transferWithAuthorization(
            TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce, v, r, s
        );
    }

    /// @inheritdoc IEIP3009
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        if (msg.sender != to) revert TestStablecoinCallerNotPayee(msg.sender, to);
        _transferWithAuthorization(
            RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce, v, r, s
        );
    }

    /// @inheritdoc IEIP3009
    function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s) external {
        if (_authorizations[authorizer][nonce]) revert TestStablecoinAuthorizationAlreadyUsed(authorizer, nonce);
        _checkSigner(authorizer, keccak256(abi.encode(CANCEL_AUTHORIZATION_TYPEHASH, authorizer, nonce)), v, r, s);

        _authorizations[authorizer][nonce] = true;
        emit AuthorizationCanceled(authorizer, nonce);
    }

    /// @inheritdoc IEIP3009
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool) {
        return _authorizations[authorizer][nonce];
    }

    function _transferWithAuthorization(
        bytes32 typeHash,
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) private {
        if (block.timestamp <= validAfter) {
            revert TestStablecoinAuthorizationNotYetValid(validAfter);
        }
        if (block.timestamp >= validBefore) revert TestStablecoinAuthorizationExpired(validBefore);
        if (_authorizations[from][nonce]) revert TestStablecoinAuthorizationAlreadyUsed(from, nonce);
        _checkSigner(from, keccak256(abi.encode(typeHash, from, to, value, validAfter, validBefore, nonce)), v, r, s);

        _authorizations[from][nonce] = true;
        emit AuthorizationUsed(from, nonce);
        _transfer(from, to, value);
    }

    /// @dev Reverts unless (v, r, s) is `signer`'s low-s signature of `structHash` on this token's domain.
    function _checkSigner(address signer, bytes32 structHash, uint8 v, bytes32 r, bytes32 s) private view {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(_hashTypedDataV4(structHash), v, r, s);
        if (err != ECDSA.RecoverError.NoError || recovered != signer) revert TestStablecoinInvalidSignature();
    }
}
