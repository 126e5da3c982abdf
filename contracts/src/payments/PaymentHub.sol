// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {RegistryDomain} from "../core/RegistryDomain.sol";
import {IConstantProductPair} from "../trading/interfaces/IConstantProductPair.sol";
import {IEIP3009} from "../core/interfaces/IEIP3009.sol";
import {IPaymentHub} from "./interfaces/IPaymentHub.sol";
import {DeviceAuth} from "../core/libraries/DeviceAuth.sol";
import {DeviceRoles} from "../core/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, PaymentIntent} from "../core/libraries/EdgeMessages.sol";

/// @title PaymentHub
/// @notice Merchant-grade settlement of terminal-signed intents. The settled set (one bit per terminal and
/// sequence) and the customer's EIP-3009 nonce (= intent digest) make every intent settle at most once, in any
/// order: there is no ordering rule on chain, so no relayer can kill a pending sale by relaying a later one first.
/// Each slot of the settled set holds 128 sales' bits and a 128-bit hash chain of (digest, payer) over the sales it
/// settled, the payer log, so refunds check the real payer without a fresh storage slot per sale. A batch verifies
/// each item without reverting, pulls each customer's money with a low-level EIP-3009 call (a failure skips the item
/// and undoes its bookkeeping), and pays each merchant and the treasury once per run of items with the same merchant
/// and token; a payout the token refuses is kept for the payee to withdraw rather than failing the batch.
contract PaymentHub is IPaymentHub, RegistryDomain, Ownable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Highest fee the owner may set, basis points.
    uint16 public constant MAX_FEE_BPS = 1000;

    /// @notice Highest amount of one intent: bounds `amount * feeBps` and every run's sums far from overflow.
    uint256 public constant MAX_AMOUNT = type(uint128).max;

    /// @notice Highest tolerance above the TWAP price the owner may allow for cross-border swaps, basis points.
    uint16 public constant MAX_FX_TOLERANCE_BPS = 1000;

    uint16 private _feeBps;
    uint32 private _refundWindow;
    address private _treasury;
    uint32 private _fxWindow;
    uint16 private _fxToleranceBps;

    /// @dev Per terminal and word (sequence >> 7): low 128 bits = settled bits of sequences 128·word … 128·word + 127,
    /// high 128 bits = the payer log of that word (see nextPayerLog).
    mapping(address terminal => mapping(uint256 word => uint256 sales)) private _sales;
    mapping(bytes32 digest => uint256 amount) private _refunded;
    mapping(address token => mapping(address payee => uint256 amount)) private _unpaid;
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
        _setFxGuard(15 minutes, 200);
    }

    /// @inheritdoc IPaymentHub
    function settle(PaymentIntent calldata intent, bytes calldata terminalSignature, CustomerAuthorization calldata auth)
        external
        nonReentrant
    {
        (bytes32 digest, bytes4 err) = _check(intent, terminalSignature, address(0), address(0));
        if (err != 0) _revertWith(err, intent, digest);
        _record(intent, digest, auth.from);
        if (!_tryPull(intent, digest, auth)) revert PaymentHubAuthorizationFailed();
        // The event follows the pull: in a batch the pull decides whether the sale happened (see settleBatch).
        uint256 saleFee = _emitSettled(intent, digest, auth.from, _feeBps);
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
            (bytes32 digest, bytes4 err) = _check(intent, terminalSignatures[i], cache.terminal, cache.owner);
            if (err != 0) {
                emit PaymentSkipped(i, digest, err);
                continue;
            }
            (cache.terminal, cache.owner) = (intent.terminal, intent.merchant);
            if (intent.merchant != run.merchant || intent.token != run.token) {
                if (run.merchant != address(0)) _payOut(run);
                run = Pending(intent.merchant, intent.token, 0, 0);
            }
            uint256 previous = _record(intent, digest, auths[i].from);
            if (!_tryPull(intent, digest, auths[i])) {
                // Undo this item's bookkeeping (its settled bit and payer log step): nothing of it happened.
                _sales[intent.terminal][intent.sequence >> 7] = previous;
                emit PaymentSkipped(i, digest, PaymentHubAuthorizationFailed.selector);
                continue;
            }
            uint256 saleFee = _emitSettled(intent, digest, auths[i].from, cache.feeBps);
            // Amounts are at most MAX_AMOUNT (2^128 - 1) and a batch has far fewer than 2^128 items.
            unchecked {
                run.net += intent.amount - saleFee;
                run.fee += saleFee;
                ++settled;
            }
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
        (bytes32 digest, bytes4 err) = _check(intent, terminalSignature, address(0), address(0));
        if (err != 0) _revertWith(err, intent, digest);
        _record(intent, digest, msg.sender);
        uint256 saleFee = _emitSettled(intent, digest, msg.sender, _feeBps);
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
        (bytes32 digest, bytes4 err) = _check(intent, terminalSignature, address(0), address(0));
        if (err != 0) _revertWith(err, intent, digest);
        address pair = _pairs[auth.payToken][intent.token];
        if (pair == address(0)) revert PaymentHubNoPair(auth.payToken, intent.token);
        _checkAgainstTwap(pair, auth.payToken, intent.amount);
        _record(intent, digest, auth.from);
        uint256 saleFee = _emitSettled(intent, digest, auth.from, _feeBps);

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
    function refund(
        PaymentIntent calldata intent,
        address payer,
        uint256 amount,
        uint128 logBefore,
        SaleRecord[] calldata later
    ) external nonReentrant {
        bytes32 digest = EdgeMessages.toTypedDataHash(_domainSeparator(), EdgeMessages.hashCalldata(intent));
        uint256 done = _refunded[digest];
        if (
            msg.sender != intent.merchant || amount == 0 || payer == address(0)
                || !_isSettled(intent.terminal, intent.sequence)
                || block.timestamp > uint256(intent.expiry) + _refundWindow || done + amount > intent.amount
                || !_paidBy(intent, digest, payer, logBefore, later)
        ) revert PaymentHubRefundRefused(digest);
        _refunded[digest] = done + amount;
        emit PaymentRefunded(digest, msg.sender, payer, amount);
        IERC20(intent.token).safeTransferFrom(msg.sender, payer, amount);
    }

    /// @inheritdoc IPaymentHub
    function withdrawUnpaid(address token, address to) external nonReentrant returns (uint256 amount) {
        amount = _unpaid[token][msg.sender];
        if (amount == 0) revert PaymentHubNothingUnpaid(token, msg.sender);
        _unpaid[token][msg.sender] = 0;
        emit UnpaidWithdrawn(token, msg.sender, to, amount);
        IERC20(token).safeTransfer(to, amount);
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
    function setFxGuard(uint32 window, uint16 toleranceBps) external onlyOwner {
        _setFxGuard(window, toleranceBps);
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
    function salesWord(address terminal, uint256 word) external view returns (uint128 settledBits, uint128 payerLog) {
        uint256 sales = _sales[terminal][word];
        // The low and high halves of the word, by definition of the layout.
        // forge-lint: disable-next-line(unsafe-typecast)
        return (uint128(sales), uint128(sales >> 128));
    }

    /// @inheritdoc IPaymentHub
    function nextPayerLog(uint128 log, bytes32 digest, address payer) external pure returns (uint128) {
        return _nextPayerLog(log, digest, payer);
    }

    /// @inheritdoc IPaymentHub
    function unpaid(address token, address payee) external view returns (uint256) {
        return _unpaid[token][payee];
    }

    /// @inheritdoc IPaymentHub
    function fxGuard() external view returns (uint32 window, uint16 toleranceBps) {
        return (_fxWindow, _fxToleranceBps);
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
        return _sales[terminal][sequence >> 7] & (uint256(1) << (sequence & 0x7f)) != 0;
    }

    function _setFxGuard(uint32 window, uint16 toleranceBps) private {
        if (window == 0 || toleranceBps > MAX_FX_TOLERANCE_BPS) revert PaymentHubBadFxGuard(window, toleranceBps);
        _fxWindow = window;
        _fxToleranceBps = toleranceBps;
        emit FxGuardSet(window, toleranceBps);
    }

    /// @dev The 128-bit step of a word's payer log: the high half of keccak256(log ‖ digest ‖ payer).
    function _nextPayerLog(uint128 log, bytes32 digest, address payer) private pure returns (uint128 next) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, log)
            mstore(add(ptr, 0x20), digest)
            mstore(add(ptr, 0x40), payer)
            next := shr(128, keccak256(ptr, 0x60))
        }
    }

    /// @dev Whether `payer` paid the sale `digest`: the word's payer log, rebuilt from the log before the sale, the
    /// sale's own (digest, payer) step and the steps of every sale the word settled after it, is the stored one.
    function _paidBy(
        PaymentIntent calldata intent,
        bytes32 digest,
        address payer,
        uint128 logBefore,
        SaleRecord[] calldata later
    ) private view returns (bool) {
        uint128 log = _nextPayerLog(logBefore, digest, payer);
        uint256 n = later.length;
        for (uint256 i; i < n; ++i) {
            log = _nextPayerLog(log, later[i].digest, later[i].payer);
        }
        return log == uint128(_sales[intent.terminal][intent.sequence >> 7] >> 128);
    }

    /// @dev Refuses a cross-border swap whose input would exceed the pair's TWAP price plus the tolerance: a relayer
    /// who moves the pair's spot price just before (a sandwich) cannot make the customer pay up to `maxInput`.
    function _checkAgainstTwap(address pair, address payToken, uint256 amountOut) private view {
        (uint256 price,) = IConstantProductPair(pair).twap(payToken, _fxWindow);
        // price: settlement-token units per payToken unit, x1e18. The fair input and its tolerated maximum:
        uint256 bound = Math.mulDiv(amountOut, 1e18 * (10_000 + uint256(_fxToleranceBps)), price * 10_000);
        uint256 needed = IConstantProductPair(pair).quoteExactOut(payToken, amountOut);
        if (needed > bound) revert PaymentHubSwapAboveTwap(needed, bound);
    }

    function _setFee(uint16 feeBps_, address treasury_) private {
        if (feeBps_ > MAX_FEE_BPS || treasury_ == address(0)) revert PaymentHubBadFee(feeBps_);
        _feeBps = feeBps_;
        _treasury = treasury_;
        emit FeeSet(feeBps_, treasury_);
    }

    /// @dev Checks an intent without reverting; returns its digest and the selector of the first failed rule.
    /// `verifiedTerminal`'s registry entry was read earlier in this transaction (active terminal owned by
    /// `verifiedOwner`), so a batch reads the registry once per terminal rather than once per sale. There is no
    /// ordering rule: the settled bit of (terminal, sequence) is the only replay guard the hub needs.
    function _check(
        PaymentIntent calldata intent,
        bytes calldata signature,
        address verifiedTerminal,
        address verifiedOwner
    ) private view returns (bytes32 digest, bytes4 err) {
        digest = EdgeMessages.toTypedDataHash(_domainSeparator(), EdgeMessages.hashCalldata(intent));
        if (_isSettled(intent.terminal, intent.sequence)) return (digest, PaymentHubAlreadySettled.selector);
        if (intent.amount == 0) return (digest, PaymentHubZeroAmount.selector);
        if (intent.amount > MAX_AMOUNT) return (digest, PaymentHubAmountTooLarge.selector);
        if (block.timestamp > intent.expiry) return (digest, PaymentHubIntentExpired.selector);
        if (!DeviceAuth.isSignedBy(digest, signature, intent.terminal)) {
            return (digest, PaymentHubBadSignature.selector);
        }
        if (verifiedTerminal != address(0) && intent.terminal == verifiedTerminal) {
            if (verifiedOwner != intent.merchant) return (digest, PaymentHubMerchantMismatch.selector);
            return (digest, 0);
        }
        (DeviceAuth.Failure failure, address owner,) =
            DeviceAuth.checkRole(_deviceRegistry(), intent.terminal, DeviceRoles.TERMINAL);
        if (failure != DeviceAuth.Failure.None) return (digest, PaymentHubNotTerminal.selector);
        if (owner != intent.merchant) return (digest, PaymentHubMerchantMismatch.selector);
    }

    /// @dev Re-raises a `_check` failure as the matching custom error with its arguments.
    function _revertWith(bytes4 err, PaymentIntent calldata intent, bytes32 digest) private view {
        if (err == PaymentHubAlreadySettled.selector) revert PaymentHubAlreadySettled(digest);
        if (err == PaymentHubZeroAmount.selector) revert PaymentHubZeroAmount();
        if (err == PaymentHubIntentExpired.selector) revert PaymentHubIntentExpired(intent.expiry);
        if (err == PaymentHubAmountTooLarge.selector) revert PaymentHubAmountTooLarge(intent.amount);
        if (err == PaymentHubBadSignature.selector) revert PaymentHubBadSignature(intent.terminal);
        if (err == PaymentHubNotTerminal.selector) revert PaymentHubNotTerminal(intent.terminal);
        (address owner,,) = _deviceRegistry().deviceInfo(intent.terminal);
        revert PaymentHubMerchantMismatch(intent.merchant, owner);
    }

    /// @dev Marks the sale settled and appends (digest, payer) to its word's payer log; returns the word as it was,
    /// so a batch can undo the item.
    function _record(PaymentIntent calldata intent, bytes32 digest, address payer) private returns (uint256 previous) {
        mapping(uint256 => uint256) storage words = _sales[intent.terminal];
        uint256 word = intent.sequence >> 7;
        previous = words[word];
        // The high half of the word is the payer log, by definition of the layout.
        // forge-lint: disable-next-line(unsafe-typecast)
        uint128 log = _nextPayerLog(uint128(previous >> 128), digest, payer);
        words[word] = (uint256(log) << 128) | (uint128(previous) | (uint256(1) << (intent.sequence & 0x7f)));
    }

    /// @dev Emits the settled sale and returns its fee (amount <= MAX_AMOUNT, so amount * feeBps cannot overflow).
    function _emitSettled(PaymentIntent calldata intent, bytes32 digest, address payer, uint16 feeBps)
        private
        returns (uint256 fee_)
    {
        fee_ = intent.amount * feeBps / 10_000;
        emit PaymentSettled(
            digest, intent.merchant, intent.terminal, intent.token, payer, intent.amount, fee_, intent.orderRef
        );
    }

    /// @dev The customer's EIP-3009 pull as a low-level call: a token without code, a revert or running out of the
    /// call's gas is a `false`, never a revert of the batch.
    function _tryPull(PaymentIntent calldata intent, bytes32 digest, CustomerAuthorization calldata auth)
        private
        returns (bool ok)
    {
        address token_ = intent.token;
        if (token_.code.length == 0) return false;
        (ok,) = token_.call(
            abi.encodeCall(
                IEIP3009.receiveWithAuthorization,
                (auth.from, address(this), intent.amount, auth.validAfter, auth.validBefore, digest, auth.v, auth.r, auth.s)
            )
        );
    }

    /// @dev Pays a run; a payout the token refuses (a blocked merchant, a paused token) is kept for the payee to
    /// withdraw, so the other items of a batch still settle.
    function _payOut(Pending memory run) private {
        if (run.net > 0) _payOrKeep(run.token, run.merchant, run.net);
        if (run.fee > 0) _payOrKeep(run.token, _treasury, run.fee);
    }

    function _payOrKeep(address token_, address payee, uint256 amount) private {
        if (IERC20(token_).trySafeTransfer(payee, amount)) return;
        _unpaid[token_][payee] += amount;
        emit PayoutKept(token_, payee, amount);
    }
}
