// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {RegistryDomain} from "../core/RegistryDomain.sol";
import {IEIP3009} from "../core/interfaces/IEIP3009.sol";
import {IPaymentRouter} from "./interfaces/IPaymentRouter.sol";
import {DeviceAuth} from "../core/libraries/DeviceAuth.sol";
import {DeviceRoles} from "../core/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, PaymentIntent} from "../core/libraries/EdgeMessages.sol";

/// @title PaymentRouter
/// @notice Settles terminal-signed payment intents with customer-signed EIP-3009 authorizations. The authorization's
/// nonce is the intent digest, so the customer's money is bound to exactly one intent and moves at most once.
contract PaymentRouter is IPaymentRouter, RegistryDomain {
    using SafeERC20 for IERC20;

    mapping(bytes32 digest => bool) private _settled;
    mapping(address terminal => uint64) private _lastSequence;

    /// @param registry_ The DeviceRegistry of this deployment (the EIP-712 verifyingContract).
    constructor(address registry_) RegistryDomain(registry_) {}

    /// @inheritdoc IPaymentRouter
    function settle(
        PaymentIntent calldata intent,
        bytes calldata terminalSignature,
        CustomerAuthorization calldata auth
    ) external {
        bytes32 digest = EdgeMessages.toTypedDataHash(_domainSeparator(), EdgeMessages.hash(intent));
        // Checked first: a settled intent is also a replayed sequence, and relayers must be able to tell the two apart.
        if (_settled[digest]) revert PaymentRouterAlreadySettled(digest);
        _authenticate(intent, digest, terminalSignature);
        if (block.timestamp > intent.expiry) revert PaymentRouterIntentExpired(intent.expiry);
        uint64 last = _lastSequence[intent.terminal];
        if (intent.sequence <= last) revert PaymentRouterSequenceReplayed(intent.terminal, intent.sequence, last);
        if (intent.amount == 0) revert PaymentRouterZeroAmount();

        _settled[digest] = true;
        _lastSequence[intent.terminal] = intent.sequence;
        emit PaymentSettled(
            digest, intent.merchant, intent.terminal, intent.token, auth.from, intent.amount, intent.orderRef
        );

        IEIP3009(intent.token)
            .receiveWithAuthorization(
                auth.from,
                address(this),
                intent.amount,
                auth.validAfter,
                auth.validBefore,
                digest,
                auth.v,
                auth.r,
                auth.s
            );
        IERC20(intent.token).safeTransfer(intent.merchant, intent.amount);
    }

    /// @inheritdoc IPaymentRouter
    function isSettled(bytes32 digest) external view returns (bool) {
        return _settled[digest];
    }

    /// @inheritdoc IPaymentRouter
    function lastSequence(address terminal) external view returns (uint64) {
        return _lastSequence[terminal];
    }

    /// @inheritdoc IPaymentRouter
    function intentDigest(PaymentIntent calldata intent) external view returns (bytes32) {
        return EdgeMessages.toTypedDataHash(_domainSeparator(), EdgeMessages.hash(intent));
    }

    /// @dev Reverts unless the intent is signed by its terminal, the terminal is active as a terminal, and the
    /// intent's merchant is the terminal's registered owner.
    function _authenticate(PaymentIntent calldata intent, bytes32 digest, bytes calldata signature) private view {
        address terminal = intent.terminal;
        (DeviceAuth.Failure failure, address owner, uint8 role) =
            DeviceAuth.verify(_deviceRegistry(), digest, signature, terminal, DeviceRoles.TERMINAL);
        if (failure == DeviceAuth.Failure.BadSignature) revert PaymentRouterBadSignature(terminal);
        if (failure == DeviceAuth.Failure.NotActive) revert PaymentRouterUnknownDevice(terminal);
        if (failure == DeviceAuth.Failure.WrongRole) revert PaymentRouterWrongRole(terminal, role);
        if (owner != intent.merchant) revert PaymentRouterMerchantMismatch(intent.merchant, owner);
    }
}
