// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CustomerAuthorization, PaymentIntent} from "../../core/libraries/EdgeMessages.sol";
import {IRegistryDomain} from "../../core/interfaces/IRegistryDomain.sol";

/// @title IPaymentRouter
/// @notice Settles tap-to-pay sales: a registered terminal signs a payment intent, the customer signs an EIP-3009
/// ReceiveWithAuthorization whose nonce is the intent's digest, and the router pulls the money and pays the merchant.
interface IPaymentRouter is IRegistryDomain {
    /// @notice Emitted when the intent with `digest` was settled: `payer` paid `amount` of `token` to `merchant`.
    event PaymentSettled(
        bytes32 indexed digest,
        address indexed merchant,
        address indexed terminal,
        address token,
        address payer,
        uint256 amount,
        bytes32 orderRef
    );

    /// @notice Thrown when the intent with `digest` was settled before. Relayers may treat this as success.
    error PaymentRouterAlreadySettled(bytes32 digest);

    /// @notice Thrown when the terminal signature does not recover to `terminal`, is malformed or has a high s.
    error PaymentRouterBadSignature(address terminal);

    /// @notice Thrown when `terminal` is not registered or was revoked.
    error PaymentRouterUnknownDevice(address terminal);

    /// @notice Thrown when `terminal` is registered in `role` rather than as a terminal.
    error PaymentRouterWrongRole(address terminal, uint8 role);

    /// @notice Thrown when the intent names `merchant` but the terminal's registered owner is `owner`.
    error PaymentRouterMerchantMismatch(address merchant, address owner);

    /// @notice Thrown when the intent's `expiry` has passed.
    error PaymentRouterIntentExpired(uint64 expiry);

    /// @notice Thrown when `sequence` is not above `lastSequence`, the last settled from the terminal.
    error PaymentRouterSequenceReplayed(address terminal, uint64 sequence, uint64 lastSequence);

    /// @notice Thrown when the intent's amount is zero.
    error PaymentRouterZeroAmount();

    /// @notice Settles one sale. Anyone may relay it; the signatures decide who pays whom.
    /// @dev Pulls `intent.amount` from `auth.from` with the token's receiveWithAuthorization (nonce = the intent
    /// digest), then transfers it to the merchant.
    /// @param intent The payment intent, as the terminal signed it.
    /// @param terminalSignature The terminal's 65-byte r ‖ s ‖ v signature of the intent's EIP-712 digest.
    /// @param auth The customer's ReceiveWithAuthorization for this router, the amount and the digest.
    function settle(
        PaymentIntent calldata intent,
        bytes calldata terminalSignature,
        CustomerAuthorization calldata auth
    ) external;

    /// @notice Whether the intent with `digest` has been settled.
    /// @param digest The intent's EIP-712 digest.
    /// @return True once settled.
    function isSettled(bytes32 digest) external view returns (bool);

    /// @notice The highest intent sequence settled from `terminal` (0 before any).
    /// @param terminal The terminal.
    /// @return The sequence.
    function lastSequence(address terminal) external view returns (uint64);

    /// @notice The digest a terminal signs for `intent` (and the nonce of the customer's authorization).
    /// @param intent The payment intent.
    /// @return The EIP-712 digest.
    function intentDigest(PaymentIntent calldata intent) external view returns (bytes32);
}
