// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CustomerAuthorization, PaymentIntent} from "../../core/libraries/EdgeMessages.sol";
import {IRegistryDomain} from "../../core/interfaces/IRegistryDomain.sol";

/// @title IPaymentHub
/// @notice Merchant payments on terminal-signed intents: single and batch settlement with EIP-3009, an EIP-2612
/// permit path, cross-border settlement through the exchange bounded by a customer-signed maximum input, a fee in
/// basis points to a treasury, and merchant refunds within a window. Every sale, fee and refund is an event.
interface IPaymentHub is IRegistryDomain {
    /// @notice A cross-border customer authorization: an EIP-3009 ReceiveWithAuthorization on `payToken` for
    /// exactly `maxInput`, to this hub, with the intent digest as nonce. What the swap does not use is returned.
    struct CrossBorderAuthorization {
        address from;
        address payToken;
        uint256 maxInput;
        uint256 validAfter;
        uint256 validBefore;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice One settled sale of a payer log word, as PaymentSettled reported it (digest, payer).
    struct SaleRecord {
        bytes32 digest;
        address payer;
    }

    /// @notice Emitted for every settled sale: `payer` paid `amount` of `token`; `merchant` got `amount - fee`.
    event PaymentSettled(
        bytes32 indexed digest,
        address indexed merchant,
        address indexed terminal,
        address token,
        address payer,
        uint256 amount,
        uint256 fee,
        bytes32 orderRef
    );

    /// @notice Emitted with PaymentSettled when the customer paid `amountIn` of `payToken` through the exchange.
    event CrossBorderSwapped(bytes32 indexed digest, address indexed payToken, uint256 amountIn, uint256 maxInput);

    /// @notice Emitted when item `index` of a batch was skipped; `reason` is the error's selector.
    event PaymentSkipped(uint256 index, bytes32 indexed digest, bytes4 reason);

    /// @notice Emitted when `merchant` refunded `amount` of sale `digest` to `payer`.
    event PaymentRefunded(bytes32 indexed digest, address indexed merchant, address indexed payer, uint256 amount);

    /// @notice Emitted when the owner changed the fee or treasury.
    event FeeSet(uint16 feeBps, address treasury);

    /// @notice Emitted when the owner set the refund window.
    event RefundWindowSet(uint32 refundWindow);

    /// @notice Emitted when the token refused to pay `amount` to `payee` (e.g. a blocked account); the hub keeps it
    /// for `payee` to take with withdrawUnpaid.
    event PayoutKept(address indexed token, address indexed payee, uint256 amount);

    /// @notice Emitted when `payee` withdrew `amount` of kept payouts to `to`.
    event UnpaidWithdrawn(address indexed token, address indexed payee, address to, uint256 amount);

    /// @notice Emitted when the owner set the cross-border price guard.
    event FxGuardSet(uint32 window, uint16 toleranceBps);

    /// @notice Emitted when the owner set the exchange pair for two tokens.
    event PairSet(address indexed tokenA, address indexed tokenB, address pair);

    /// @notice Thrown when the intent with `digest` was settled before (its terminal's sequence bit is set).
    error PaymentHubAlreadySettled(bytes32 digest);

    /// @notice Thrown when the terminal signature does not recover to `terminal`.
    error PaymentHubBadSignature(address terminal);

    /// @notice Thrown when `terminal` is not an active terminal.
    error PaymentHubNotTerminal(address terminal);

    /// @notice Thrown when the intent's merchant is not the terminal's owner.
    error PaymentHubMerchantMismatch(address merchant, address owner);

    /// @notice Thrown when the intent's `expiry` has passed.
    error PaymentHubIntentExpired(uint64 expiry);

    /// @notice Thrown when the amount is zero.
    error PaymentHubZeroAmount();

    /// @notice Thrown when the amount exceeds MAX_AMOUNT (2^128 - 1); batch items report it as a skip.
    error PaymentHubAmountTooLarge(uint256 amount);

    /// @notice Thrown when `account` has no kept payout in `token`.
    error PaymentHubNothingUnpaid(address token, address account);

    /// @notice Thrown when the cross-border guard's window is zero or its tolerance exceeds MAX_FX_TOLERANCE_BPS.
    error PaymentHubBadFxGuard(uint32 window, uint16 toleranceBps);

    /// @notice Thrown when a cross-border swap needs `needed` of the customer's token, more than the pair's TWAP
    /// price plus the tolerance allows (`bound`): the spot price was moved, e.g. by a sandwiching relayer.
    error PaymentHubSwapAboveTwap(uint256 needed, uint256 bound);

    /// @notice Thrown when batch arrays differ in length or are empty.
    error PaymentHubBadBatch();

    /// @notice Thrown when the customer's token refused the EIP-3009 authorization (wrong signer, amount, time or
    /// nonce already used), or has no code; batch items report it as a skip.
    error PaymentHubAuthorizationFailed();

    /// @notice Thrown when no exchange pair is set for the two tokens.
    error PaymentHubNoPair(address payToken, address settleToken);

    /// @notice Thrown when the fee exceeds MAX_FEE_BPS or the treasury is zero.
    error PaymentHubBadFee(uint16 feeBps);

    /// @notice Thrown when a refund is not by the sale's merchant, after the window, exceeds what is left, or does not
    /// name the sale's payer (the payer log does not verify).
    error PaymentHubRefundRefused(bytes32 digest);

    /// @notice Settles one sale with the customer's EIP-3009 authorization (nonce = intent digest).
    /// @param intent The terminal-signed intent.
    /// @param terminalSignature The terminal's signature.
    /// @param auth The customer's ReceiveWithAuthorization for this hub.
    function settle(PaymentIntent calldata intent, bytes calldata terminalSignature, CustomerAuthorization calldata auth)
        external;

    /// @notice Settles many sales, in any order of sequences; an item that fails any check or whose pull fails is
    /// skipped with PaymentSkipped and leaves no trace, so no item can make the batch revert (a malformed ABI encoding
    /// of the call itself aside, which only its sender controls). Merchants are paid once per run of consecutive
    /// items with the same merchant and token; a payout the token refuses is kept (PayoutKept).
    /// @param intents The intents.
    /// @param terminalSignatures Their terminal signatures.
    /// @param auths The customers' authorizations.
    /// @return settled How many settled.
    function settleBatch(
        PaymentIntent[] calldata intents,
        bytes[] calldata terminalSignatures,
        CustomerAuthorization[] calldata auths
    ) external returns (uint256 settled);

    /// @notice Pays an intent with an EIP-2612 permit, for tokens without EIP-3009. Must be sent by the payer (so
    /// the permit's allowance cannot be spent on another intent); a permit already used by a front-runner is fine.
    /// @param intent The terminal-signed intent.
    /// @param terminalSignature The terminal's signature.
    /// @param deadline The permit's deadline.
    /// @param v Permit signature v.
    /// @param r Permit signature r.
    /// @param s Permit signature s.
    function payWithPermit(
        PaymentIntent calldata intent,
        bytes calldata terminalSignature,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Settles an intent priced in `intent.token` with the customer's `payToken`, swapped exact-out on the
    /// configured pair; the customer's signed `maxInput` bounds the input and the unused rest is returned. The input
    /// must also stay within the pair's TWAP price (over fxGuard's window) plus its tolerance, so a relayer who moves
    /// the spot price first cannot push the input up to `maxInput` (PaymentHubSwapAboveTwap).
    /// @param intent The terminal-signed intent.
    /// @param terminalSignature The terminal's signature.
    /// @param auth The customer's cross-border authorization.
    function settleCrossBorder(
        PaymentIntent calldata intent,
        bytes calldata terminalSignature,
        CrossBorderAuthorization calldata auth
    ) external;

    /// @notice Refunds part or all of a sale to its payer from the merchant's own balance (approve first), until
    /// `refundWindow` after the intent's expiry. Merchant only. The fee is not returned. The payer is proven by the
    /// payer log of the sale's word (sequence >> 7) of salesWord, recorded at settlement: the log before the sale,
    /// then the sale's (digest, payer), then every later sale of that word in settlement order (from the
    /// PaymentSettled events) must chain to the stored log. A cancelled or unrelated EIP-3009 authorization proves
    /// nothing. A sale settled in the same word after the call was built makes it fail; build it again.
    /// @param intent The sale's intent.
    /// @param payer Who paid it.
    /// @param amount The amount to refund.
    /// @param logBefore The word's payer log just before the sale settled.
    /// @param later The word's sales settled after it, in order.
    function refund(
        PaymentIntent calldata intent,
        address payer,
        uint256 amount,
        uint128 logBefore,
        SaleRecord[] calldata later
    ) external;

    /// @notice Sends the caller's kept payouts in `token` to `to`.
    /// @param token The token.
    /// @param to The receiver (e.g. an account the token does not block).
    /// @return amount What was sent.
    function withdrawUnpaid(address token, address to) external returns (uint256 amount);

    /// @notice Sets the fee and treasury. Owner only.
    /// @param feeBps Fee in basis points, at most MAX_FEE_BPS.
    /// @param treasury Receiver of fees.
    function setFee(uint16 feeBps, address treasury) external;

    /// @notice Sets the cross-border price guard: the TWAP window read from the pair and the tolerance above its
    /// price. Owner only. Defaults: 15 minutes, 200 bps. The window must be one the pair can serve (at most
    /// (OBSERVATIONS - 1) x OBSERVATION_PERIOD = 35 minutes for ConstantProductPair).
    /// @param window Seconds, > 0.
    /// @param toleranceBps At most MAX_FX_TOLERANCE_BPS.
    function setFxGuard(uint32 window, uint16 toleranceBps) external;

    /// @notice Sets how long after settlement a merchant may refund. Owner only.
    /// @param refundWindow Seconds.
    function setRefundWindow(uint32 refundWindow) external;

    /// @notice Sets the exchange pair used between two tokens. Owner only.
    /// @param tokenA One token.
    /// @param tokenB The other.
    /// @param pair The ConstantProductPair (zero to remove).
    function setPair(address tokenA, address tokenB, address pair) external;

    /// @notice Whether the terminal's intent with `sequence` was settled (one bit per sequence).
    /// @param terminal The terminal.
    /// @param sequence The intent's sequence.
    /// @return True once settled.
    function isSettled(address terminal, uint64 sequence) external view returns (bool);

    /// @notice How much of the sale with `digest` has been refunded.
    /// @param digest The intent digest.
    /// @return The amount.
    function refunded(bytes32 digest) external view returns (uint256);

    /// @notice One word of a terminal's sales: the settled bits of sequences 128·word … 128·word + 127 (bit
    /// sequence & 127) and the word's payer log.
    /// @param terminal The terminal.
    /// @param word sequence >> 7.
    /// @return settledBits The settled bits.
    /// @return payerLog The payer log (0 before the word's first sale).
    function salesWord(address terminal, uint256 word) external view returns (uint128 settledBits, uint128 payerLog);

    /// @notice One step of a payer log: the high 128 bits of keccak256(abi.encode(log, digest, payer)).
    /// @param log The log before.
    /// @param digest The settled sale's digest.
    /// @param payer Its payer.
    /// @return The log after.
    function nextPayerLog(uint128 log, bytes32 digest, address payer) external pure returns (uint128);

    /// @notice Payouts kept for `payee` in `token` because the token refused them.
    /// @param token The token.
    /// @param payee The merchant or treasury.
    /// @return The amount.
    function unpaid(address token, address payee) external view returns (uint256);

    /// @notice The cross-border price guard.
    /// @return window TWAP window, seconds.
    /// @return toleranceBps Tolerance above the TWAP price, basis points.
    function fxGuard() external view returns (uint32 window, uint16 toleranceBps);

    /// @notice The digest a terminal signs for `intent`.
    /// @param intent The intent.
    /// @return The EIP-712 digest.
    function intentDigest(PaymentIntent calldata intent) external view returns (bytes32);

    /// @notice Fee in basis points and its treasury.
    /// @return feeBps The fee.
    /// @return treasury The treasury.
    function fee() external view returns (uint16 feeBps, address treasury);

    /// @notice Refund window, seconds.
    /// @return The window.
    function refundWindow() external view returns (uint32);
}
