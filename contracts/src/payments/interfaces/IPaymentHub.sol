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

    /// @notice Thrown when `sequence` is not above the terminal's last settled sequence.
    error PaymentHubSequenceReplayed(address terminal, uint64 sequence, uint64 lastSequence);

    /// @notice Thrown when the amount is zero.
    error PaymentHubZeroAmount();

    /// @notice Thrown when batch arrays differ in length or are empty.
    error PaymentHubBadBatch();

    /// @notice Thrown when the customer's token refused the EIP-3009 authorization (wrong signer, amount, time or
    /// nonce already used); batch items report it as a skip.
    error PaymentHubAuthorizationFailed();

    /// @notice Thrown when no exchange pair is set for the two tokens.
    error PaymentHubNoPair(address payToken, address settleToken);

    /// @notice Thrown when the fee exceeds MAX_FEE_BPS or the treasury is zero.
    error PaymentHubBadFee(uint16 feeBps);

    /// @notice Thrown when a refund is not by the sale's merchant, after the window, or exceeds what is left.
    error PaymentHubRefundRefused(bytes32 digest);

    /// @notice Settles one sale with the customer's EIP-3009 authorization (nonce = intent digest).
    /// @param intent The terminal-signed intent.
    /// @param terminalSignature The terminal's signature.
    /// @param auth The customer's ReceiveWithAuthorization for this hub.
    function settle(PaymentIntent calldata intent, bytes calldata terminalSignature, CustomerAuthorization calldata auth)
        external;

    /// @notice Settles many sales; an item that fails is skipped with PaymentSkipped. Merchants are paid once per
    /// run of consecutive items with the same merchant and token.
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
    /// configured pair; the customer's signed `maxInput` bounds the input and the unused rest is returned.
    /// @param intent The terminal-signed intent.
    /// @param terminalSignature The terminal's signature.
    /// @param auth The customer's cross-border authorization.
    function settleCrossBorder(
        PaymentIntent calldata intent,
        bytes calldata terminalSignature,
        CrossBorderAuthorization calldata auth
    ) external;

    /// @notice Refunds part or all of a sale to its payer from the merchant's own balance (approve first), until
    /// `refundWindow` after the intent's expiry. Merchant only. The fee is not returned. The hub keeps no per-sale
    /// record (that would cost a fresh storage slot per payment): the payer is proven by the token's EIP-3009
    /// authorization state for the intent digest, or by the record kept for permit and cross-border payments.
    /// @param intent The sale's intent.
    /// @param payer Who paid it.
    /// @param amount The amount to refund.
    function refund(PaymentIntent calldata intent, address payer, uint256 amount) external;

    /// @notice Sets the fee and treasury. Owner only.
    /// @param feeBps Fee in basis points, at most MAX_FEE_BPS.
    /// @param treasury Receiver of fees.
    function setFee(uint16 feeBps, address treasury) external;

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

    /// @notice The terminal's last settled sequence.
    /// @param terminal The terminal.
    /// @return The sequence.
    function lastSequence(address terminal) external view returns (uint64);

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
