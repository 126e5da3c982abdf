// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {RegistryDomain} from "../core/RegistryDomain.sol";
import {IConstantProductPair} from "../trading/interfaces/IConstantProductPair.sol";
import {IEIP3009} from "../core/interfaces/IEIP3009.sol";
import {IPaymentHub} from "./interfaces/IPaymentHub.sol";
import {DeviceAuth} from "../core/libraries/DeviceAuth.sol";
import {DeviceRoles} from "../core/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, PaymentIntent} from "../core/libraries/EdgeMessages.sol";

/// @title PaymentHub
/// @notice Merchant-grade settlement of terminal-signed intents. A bitmap of settled sequences per terminal (one
/// bit per sale, 256 sales per slot) and the rising terminal sequence make every intent settle at most once; the
/// customer's EIP-3009 authorization (nonce = intent digest) later proves who paid, for refunds. A batch verifies each item without reverting, pulls each customer's money with EIP-3009, and pays
/// each merchant and the treasury once per run of items with the same merchant and token.
contract PaymentHub is IPaymentHub, RegistryDomain, Ownable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Highest fee the owner may set, basis points.
    uint16 public constant MAX_FEE_BPS = 1000;

    uint16 private _feeBps;
    uint32 private _refundWindow;
    address private _treasury;

    mapping(address terminal => mapping(uint256 word => uint256 bits)) private _settledBits;
    mapping(bytes32 digest => address payer) private _payers; // only for permit and cross-border payments
    mapping(bytes32 digest => uint256 amount) private _refunded;
    mapping(address terminal => uint64) private _lastSequence;
    mapping(address tokenA => mapping(address tokenB => address pair)) private _pairs;

    /// @dev A run of batch items owed to one merchant in one token, paid out when the run ends.
    struct Pending {
        address merchant;
        address token;
        uint256 net;
        uint256 fee;
    }

    struct BatchCache {
        address terminal;
        address owner;
        uint16 feeBps;
    }

    /// @param registry_ The DeviceRegistry.
    /// @param owner_ Who sets fees, the refund window and pairs.
    /// @param treasury_ Receiver of fees.
    /// @param feeBps_ Fee, basis points.
    constructor(address registry_, address owner_, address treasury_, uint16 feeBps_)
        RegistryDomain(registry_)
        Ownable(owner_)
    {
        _setFee(feeBps_, treasury_);
        _refundWindow = 30 days;
    }

    /// @inheritdoc IPaymentHub
    function settle(PaymentIntent calldata intent, bytes calldata terminalSignature, CustomerAuthorization calldata auth)
        external
        nonReentrant
    {
        (bytes32 digest, bytes4 err,) = _check(intent, terminalSignature, address(0), address(0));
        if (err != 0) _revertWith(err, intent, digest);
        uint256 saleFee = _record(intent, digest, auth.from, _feeBps);
        if (!_tryPull(intent, digest, auth)) revert PaymentHubAuthorizationFailed();
        _payOut(Pending(intent.merchant, intent.token, intent.amount - saleFee, saleFee));
    }

    /// @inheritdoc IPaymentHub
    function settleBatch(
        PaymentIntent[] calldata intents,
        bytes[] calldata terminalSignatures,
        CustomerAuthorization[] calldata auths
    ) external nonReentrant returns (uint256 settled) {
        uint256 n = intents.length;
        if (n == 0 || n != terminalSignatures.length || n != auths.length) revert PaymentHubBadBatch();
        Pending memory run;
        // The terminal whose registry entry this batch already checked, its owner, and the fee, in memory: the
        // loop is at the stack's limit.
        BatchCache memory cache = BatchCache(address(0), address(0), _feeBps);
        for (uint256 i; i < n; ++i) {
            PaymentIntent calldata intent = intents[i];
            (bytes32 digest, bytes4 err, uint64 previousSequence) =
                _check(intent, terminalSignatures[i], cache.terminal, cache.owner);
            if (err != 0) {
                emit PaymentSkipped(i, digest, err);
                continue;
            }
            (cache.terminal, cache.owner) = (intent.terminal, intent.merchant);
            if (intent.merchant != run.merchant || intent.token != run.token) {
                if (run.merchant != address(0)) _payOut(run);
                run = Pending(intent.merchant, intent.token, 0, 0);
            }
            uint256 saleFee = _record(intent, digest, auths[i].from, cache.feeBps);
            if (!_tryPull(intent, digest, auths[i])) {
                // Undo this item's bookkeeping: nothing of it happened.
                _settledBits[intent.terminal][intent.sequence >> 8] &= ~(uint256(1) << (intent.sequence & 0xff));
                _lastSequence[intent.terminal] = previousSequence;
                emit PaymentSkipped(i, digest, PaymentHubAuthorizationFailed.selector);
                continue;
            }
            run.net += intent.amount - saleFee;
            run.fee += saleFee;
            ++settled;
        }
        if (run.merchant != address(0)) _payOut(run);
    }

    /// @inheritdoc IPaymentHub
    function payWithPermit(
        PaymentIntent calldata intent,
        bytes calldata terminalSignature,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        (bytes32 digest, bytes4 err,) = _check(intent, terminalSignature, address(0), address(0));
        if (err != 0) _revertWith(err, intent, digest);
        uint256 saleFee = _record(intent, digest, msg.sender, _feeBps);
        _payers[digest] = msg.sender;
        // A front-runner may have submitted the permit already; the allowance is what counts.
        try IERC20Permit(intent.token).permit(msg.sender, address(this), intent.amount, deadline, v, r, s) {} catch {}
        IERC20(intent.token).safeTransferFrom(msg.sender, address(this), intent.amount);
        _payOut(Pending(intent.merchant, intent.token, intent.amount - saleFee, saleFee));
    }

    /// @inheritdoc IPaymentHub
    function settleCrossBorder(
        PaymentIntent calldata intent,
        bytes calldata terminalSignature,
        CrossBorderAuthorization calldata auth
    ) external nonReentrant {
        (bytes32 digest, bytes4 err,) = _check(intent, terminalSignature, address(0), address(0));
        if (err != 0) _revertWith(err, intent, digest);
        address pair = _pairs[auth.payToken][intent.token];
        if (pair == address(0)) revert PaymentHubNoPair(auth.payToken, intent.token);
        uint256 saleFee = _record(intent, digest, auth.from, _feeBps);
        _payers[digest] = auth.from;

        IEIP3009(auth.payToken)
            .receiveWithAuthorization(
                auth.from,
                address(this),
                auth.maxInput,
                auth.validAfter,
                auth.validBefore,
                digest,
                auth.v,
                auth.r,
                auth.s
            );
        IERC20(auth.payToken).forceApprove(pair, auth.maxInput);
        uint256 amountIn = IConstantProductPair(pair)
            .swapExactOut(auth.payToken, intent.amount, auth.maxInput, address(this), intent.expiry);
        IERC20(auth.payToken).forceApprove(pair, 0);
        emit CrossBorderSwapped(digest, auth.payToken, amountIn, auth.maxInput);
        if (auth.maxInput > amountIn) IERC20(auth.payToken).safeTransfer(auth.from, auth.maxInput - amountIn);
        _payOut(Pending(intent.merchant, intent.token, intent.amount - saleFee, saleFee));
    }

    /// @inheritdoc IPaymentHub
    function refund(PaymentIntent calldata intent, address payer, uint256 amount) external nonReentrant {
        bytes32 digest = EdgeMessages.toTypedDataHash(_domainSeparator(), EdgeMessages.hashCalldata(intent));
        uint256 done = _refunded[digest];
        if (
            msg.sender != intent.merchant || amount == 0 || payer == address(0)
                || !_isSettled(intent.terminal, intent.sequence)
                || block.timestamp > uint256(intent.expiry) + _refundWindow || done + amount > intent.amount
                || (_payers[digest] != payer && !IEIP3009(intent.token).authorizationState(payer, digest))
        ) revert PaymentHubRefundRefused(digest);
        _refunded[digest] = done + amount;
        emit PaymentRefunded(digest, msg.sender, payer, amount);
        IERC20(intent.token).safeTransferFrom(msg.sender, payer, amount);
    }

    /// @inheritdoc IPaymentHub
    function setFee(uint16 feeBps_, address treasury_) external onlyOwner {
        _setFee(feeBps_, treasury_);
    }

    /// @inheritdoc IPaymentHub
    function setRefundWindow(uint32 refundWindow_) external onlyOwner {
        _refundWindow = refundWindow_;
        emit RefundWindowSet(refundWindow_);
    }

    /// @inheritdoc IPaymentHub
    function setPair(address tokenA, address tokenB, address pair) external onlyOwner {
        _pairs[tokenA][tokenB] = pair;
        _pairs[tokenB][tokenA] = pair;
        emit PairSet(tokenA, tokenB, pair);
    }

    /// @inheritdoc IPaymentHub
    function isSettled(address terminal, uint64 sequence) external view returns (bool) {
        return _isSettled(terminal, sequence);
    }

    /// @inheritdoc IPaymentHub
    function refunded(bytes32 digest) external view returns (uint256) {
        return _refunded[digest];
    }

    /// @inheritdoc IPaymentHub
    function lastSequence(address terminal) external view returns (uint64) {
        return _lastSequence[terminal];
    }

    /// @inheritdoc IPaymentHub
    function intentDigest(PaymentIntent calldata intent) external view returns (bytes32) {
        return EdgeMessages.toTypedDataHash(_domainSeparator(), EdgeMessages.hashCalldata(intent));
    }

    /// @inheritdoc IPaymentHub
    function fee() external view returns (uint16 feeBps, address treasury) {
        return (_feeBps, _treasury);
    }

    /// @inheritdoc IPaymentHub
    function refundWindow() external view returns (uint32) {
        return _refundWindow;
    }

    function _isSettled(address terminal, uint64 sequence) private view returns (bool) {
        return _settledBits[terminal][sequence >> 8] & (uint256(1) << (sequence & 0xff)) != 0;
    }

    function _setFee(uint16 feeBps_, address treasury_) private {
        if (feeBps_ > MAX_FEE_BPS || treasury_ == address(0)) revert PaymentHubBadFee(feeBps_);
        _feeBps = feeBps_;
        _treasury = treasury_;
        emit FeeSet(feeBps_, treasury_);
    }

    /// @dev Checks an intent without reverting; returns its digest and the selector of the first failed rule.
    /// `verifiedTerminal`'s registry entry was read earlier in this transaction (active terminal owned by
    /// `verifiedOwner`), so a batch reads the registry once per terminal rather than once per sale.
    function _check(
        PaymentIntent calldata intent,
        bytes calldata signature,
        address verifiedTerminal,
        address verifiedOwner
    ) private view returns (bytes32 digest, bytes4 err, uint64 last) {
        digest = EdgeMessages.toTypedDataHash(_domainSeparator(), EdgeMessages.hashCalldata(intent));
        last = _lastSequence[intent.terminal];
        if (_isSettled(intent.terminal, intent.sequence)) return (digest, PaymentHubAlreadySettled.selector, last);
        if (intent.amount == 0) return (digest, PaymentHubZeroAmount.selector, last);
        if (block.timestamp > intent.expiry) return (digest, PaymentHubIntentExpired.selector, last);
        if (intent.sequence <= last) return (digest, PaymentHubSequenceReplayed.selector, last);
        if (!DeviceAuth.isSignedBy(digest, signature, intent.terminal)) {
            return (digest, PaymentHubBadSignature.selector, last);
        }
        if (verifiedTerminal != address(0) && intent.terminal == verifiedTerminal) {
            if (verifiedOwner != intent.merchant) return (digest, PaymentHubMerchantMismatch.selector, last);
            return (digest, 0, last);
        }
        (DeviceAuth.Failure failure, address owner,) =
            DeviceAuth.checkRole(_deviceRegistry(), intent.terminal, DeviceRoles.TERMINAL);
        if (failure != DeviceAuth.Failure.None) return (digest, PaymentHubNotTerminal.selector, last);
        if (owner != intent.merchant) return (digest, PaymentHubMerchantMismatch.selector, last);
    }

    /// @dev Re-raises a `_check` failure as the matching custom error with its arguments.
    function _revertWith(bytes4 err, PaymentIntent calldata intent, bytes32 digest) private view {
        if (err == PaymentHubAlreadySettled.selector) revert PaymentHubAlreadySettled(digest);
        if (err == PaymentHubZeroAmount.selector) revert PaymentHubZeroAmount();
        if (err == PaymentHubIntentExpired.selector) revert PaymentHubIntentExpired(intent.expiry);
        if (err == PaymentHubSequenceReplayed.selector) {
            revert PaymentHubSequenceReplayed(intent.terminal, intent.sequence, _lastSequence[intent.terminal]);
        }
        if (err == PaymentHubBadSignature.selector) revert PaymentHubBadSignature(intent.terminal);
        if (err == PaymentHubNotTerminal.selector) revert PaymentHubNotTerminal(intent.terminal);
        (address owner,,) = _deviceRegistry().deviceInfo(intent.terminal);
        revert PaymentHubMerchantMismatch(intent.merchant, owner);
    }

    /// @dev Marks the sale settled, advances the terminal and emits the sale; returns the fee.
    function _record(PaymentIntent calldata intent, bytes32 digest, address payer, uint16 feeBps)
        private
        returns (uint256 fee_)
    {
        fee_ = intent.amount * feeBps / 10_000;
        _settledBits[intent.terminal][intent.sequence >> 8] |= uint256(1) << (intent.sequence & 0xff);
        _lastSequence[intent.terminal] = intent.sequence;
        emit PaymentSettled(
            digest, intent.merchant, intent.terminal, intent.token, payer, intent.amount, fee_, intent.orderRef
        );
    }

    function _tryPull(PaymentIntent calldata intent, bytes32 digest, CustomerAuthorization calldata auth)
        private
        returns (bool)
    {
        try IEIP3009(intent.token)
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
            ) {
            return true;
        } catch {
            return false;
        }
    }

    function _payOut(Pending memory run) private {
        if (run.net > 0) IERC20(run.token).safeTransfer(run.merchant, run.net);
        if (run.fee > 0) IERC20(run.token).safeTransfer(_treasury, run.fee);
    }
}
