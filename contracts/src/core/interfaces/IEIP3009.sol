// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IEIP3009
/// @notice Transfer with authorization (EIP-3009): the holder signs a transfer off chain, anyone (or, for the
/// receive variant, only the payee) submits it. Nonces are random 32-byte values, each usable once.
interface IEIP3009 {
    /// @notice Emitted when `authorizer`'s authorization `nonce` was used for a transfer.
    event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce);

    /// @notice Emitted when `authorizer` cancelled the unused authorization `nonce`.
    event AuthorizationCanceled(address indexed authorizer, bytes32 indexed nonce);

    /// @notice Executes a transfer signed by `from` as TransferWithAuthorization. Anyone may submit it.
    /// @param from The payer, who signed.
    /// @param to The payee.
    /// @param value Amount in minor units.
    /// @param validAfter Valid only when block.timestamp > validAfter.
    /// @param validBefore Valid only when block.timestamp < validBefore.
    /// @param nonce Unique per authorizer.
    /// @param v Signature recovery id (27 or 28).
    /// @param r Signature r.
    /// @param s Signature s (low half of the curve order).
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
    ) external;

    /// @notice Executes a transfer signed by `from` as ReceiveWithAuthorization. Only the payee `to` may submit it,
    /// which stops a watcher of the mempool from front-running the payee's call with a plain transfer.
    /// @param from The payer, who signed.
    /// @param to The payee, who must be the caller.
    /// @param value Amount in minor units.
    /// @param validAfter Valid only when block.timestamp > validAfter.
    /// @param validBefore Valid only when block.timestamp < validBefore.
    /// @param nonce Unique per authorizer.
    /// @param v Signature recovery id (27 or 28).
    /// @param r Signature r.
    /// @param s Signature s (low half of the curve order).
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
    ) external;

    /// @notice Cancels `authorizer`'s unused authorization `nonce`, signed by the authorizer as CancelAuthorization.
    /// @param authorizer The holder whose authorization is cancelled.
    /// @param nonce The authorization's nonce.
    /// @param v Signature recovery id (27 or 28).
    /// @param r Signature r.
    /// @param s Signature s (low half of the curve order).
    function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Whether `authorizer`'s authorization `nonce` was used or cancelled.
    /// @param authorizer The holder.
    /// @param nonce The authorization's nonce.
    /// @return True once used or cancelled.
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool);
}
