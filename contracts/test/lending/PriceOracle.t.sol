// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {ConstantProductPair} from "../../src/trading/ConstantProductPair.sol";
import {PriceOracle} from "../../src/lending/PriceOracle.sol";
import {RiskPool} from "../../src/insurance/RiskPool.sol";
import {TestEuro} from "../../src/mocks/TestEuro.sol";
import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";
import {IPriceOracle} from "../../src/lending/interfaces/IPriceOracle.sol";
import {PairLiquidity} from "../utils/PairLiquidity.sol";
import {SignedPrice} from "../utils/SignedPrice.sol";
import {Test} from "../utils/Test.sol";

contract PriceOracleTest is Test {
    PriceOracle internal oracle;
    TestStablecoin internal usd;
    TestEuro internal eur;
    ConstantProductPair internal pair;
    uint256 internal constant FEED_KEY = 0xFEED;
    address internal constant OWNER = address(0x6007);
    address internal constant ASSET = address(0xA55E7);
    uint32 internal constant MAX_AGE = 1 hours;

    function setUp() public {
        vm.warp(1_750_000_000);
        oracle = new PriceOracle(OWNER, vm.addr(FEED_KEY));
        usd = new TestStablecoin(address(this));
        eur = new TestEuro(address(this));
        pair = new ConstantProductPair(address(usd), address(eur));
    }

    function _setFeed(address asset, IPriceOracle.Source source, address target, uint32 window) internal {
        vm.prank(OWNER);
        oracle.setFeed(asset, IPriceOracle.Feed(source, target, window, MAX_AGE));
    }

    function _signed(uint256 key, uint256 price, uint64 timestamp) internal view returns (bytes memory) {
        return signDigest(key, SignedPrice.digest(address(oracle), ASSET, price, timestamp));
    }

    /// @dev A pair at 1 EUR = 1.10 USD with a first TWAP observation, an hour old.
    function _seededPair() internal {
        PairLiquidity.seed(pair, usd, eur, 1_100_000e6, 1_000_000e6);
        vm.warp(block.timestamp + 10);
        pair.poke();
        vm.warp(block.timestamp + 1 hours);
        pair.poke(); // the pair was updated just now
    }

    function test_Constructor_StoresOwnerAndSigner() public view {
        assertEq(oracle.owner(), OWNER, "owner");
        assertEq(oracle.signer(), vm.addr(FEED_KEY), "signer");
    }

    function test_SetFeed_ByOwnerEmitsFeedSet() public {
        IPriceOracle.Feed memory feed = IPriceOracle.Feed(IPriceOracle.Source.Twap, address(pair), 600, MAX_AGE);
        vm.expectEmit(true, false, false, true, address(oracle));
        emit IPriceOracle.FeedSet(address(eur), feed);
        vm.prank(OWNER);
        oracle.setFeed(address(eur), feed);
    }

    function test_RevertWhen_SetFeedByNonOwner() public {
        IPriceOracle.Feed memory feed = IPriceOracle.Feed(IPriceOracle.Source.SignedFeed, address(0), 0, MAX_AGE);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        oracle.setFeed(ASSET, feed);
    }

    function test_RevertWhen_PriceWithoutFeed() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.PriceOracleNoFeed.selector, ASSET));
        oracle.price(ASSET);
    }

    function test_PushPrice_SignedFeedAnswersUntilMaxAge() public {
        _setFeed(ASSET, IPriceOracle.Source.SignedFeed, address(0), 0);
        uint64 ts = uint64(block.timestamp);
        vm.expectEmit(true, false, false, true, address(oracle));
        emit IPriceOracle.PricePushed(ASSET, 2e18, ts);
        oracle.pushPrice(ASSET, 2e18, ts, _signed(FEED_KEY, 2e18, ts));
        vm.warp(ts + MAX_AGE);
        assertEq(oracle.price(ASSET), 2e18, "the pushed price, still fresh at maxAge");
    }

    function test_RevertWhen_SignedFeedNeverPushed() public {
        _setFeed(ASSET, IPriceOracle.Source.SignedFeed, address(0), 0);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.PriceOracleStale.selector, ASSET, 0));
        oracle.price(ASSET);
    }

    function test_RevertWhen_SignedPriceOlderThanMaxAge() public {
        _setFeed(ASSET, IPriceOracle.Source.SignedFeed, address(0), 0);
        uint64 ts = uint64(block.timestamp);
        oracle.pushPrice(ASSET, 2e18, ts, _signed(FEED_KEY, 2e18, ts));
        vm.warp(ts + MAX_AGE + 1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.PriceOracleStale.selector, ASSET, ts));
        oracle.price(ASSET);
    }

    function test_RevertWhen_PushSignedByAnotherKey() public {
        uint64 ts = uint64(block.timestamp);
        bytes memory sig = _signed(0xBAD, 2e18, ts);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.PriceOracleBadPush.selector, ASSET));
        oracle.pushPrice(ASSET, 2e18, ts, sig);
    }

    function test_RevertWhen_PushSignatureMalformed() public {
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.PriceOracleBadPush.selector, ASSET));
        oracle.pushPrice(ASSET, 2e18, uint64(block.timestamp), hex"0102");
    }

    function test_RevertWhen_PushNotNewerThanStored() public {
        uint64 ts = uint64(block.timestamp);
        oracle.pushPrice(ASSET, 2e18, ts, _signed(FEED_KEY, 2e18, ts));
        bytes memory sig = _signed(FEED_KEY, 3e18, ts);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.PriceOracleBadPush.selector, ASSET));
        oracle.pushPrice(ASSET, 3e18, ts, sig);
    }

    function test_RevertWhen_PushFromTheFuture() public {
        uint64 ts = uint64(block.timestamp + 1);
        bytes memory sig = _signed(FEED_KEY, 2e18, ts);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.PriceOracleBadPush.selector, ASSET));
        oracle.pushPrice(ASSET, 2e18, ts, sig);
    }

    function test_Price_TwapIsThePairsAverage() public {
        _seededPair();
        _setFeed(address(eur), IPriceOracle.Source.Twap, address(pair), 30 minutes);
        (uint256 expected,) = pair.twap(address(eur), 30 minutes);
        assertEq(oracle.price(address(eur)), expected, "the pair's TWAP");
        assertTrue(expected > 1.0999e18 && expected < 1.1001e18, "one eur is 1.1 usd");
    }

    function test_RevertWhen_TwapPairNotUpdatedForMaxAge() public {
        _seededPair();
        _setFeed(address(eur), IPriceOracle.Source.Twap, address(pair), 30 minutes);
        (,, uint32 last) = pair.getReserves();
        vm.warp(block.timestamp + MAX_AGE + 1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.PriceOracleStale.selector, address(eur), last));
        oracle.price(address(eur));
    }

    function test_Price_VaultIsTheSharePrice() public {
        RiskPool vault = new RiskPool(usd, OWNER);
        usd.mint(address(this), 1_100_000e6);
        usd.approve(address(vault), type(uint256).max);
        vault.deposit(1_000_000e6, address(this));
        _setFeed(address(vault), IPriceOracle.Source.Vault, address(vault), 0);
        // the first deposit of 10^12 asset units minted 10^18 share units
        assertEq(oracle.price(address(vault)), 1e12, "assets per 1e18 share units");
        vm.warp(block.timestamp + 365 days); // a vault's price never goes stale
        usd.transfer(address(vault), 100_000e6); // a premium raises the share price
        assertEq(oracle.price(address(vault)), vault.convertToAssets(1e18), "follows the vault");
        assertTrue(oracle.price(address(vault)) > 1.0999e12, "up by about the premium's tenth");
    }

    /// @dev Issue 15 "also": a TWAP window beyond the ring's guaranteed horizon could be kept unservable by pokes.
    function test_RevertWhen_TwapFeedWindowBeyondTheRing() public {
        IPriceOracle.Feed memory feed =
            IPriceOracle.Feed(IPriceOracle.Source.Twap, address(pair), 35 minutes + 1, MAX_AGE);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.PriceOracleBadFeed.selector, address(eur)));
        vm.prank(OWNER);
        oracle.setFeed(address(eur), feed);
    }

    /// @notice However often anyone pokes the pair, a feed at the longest allowed window keeps answering, so absorb
    /// (which reads it) cannot be stopped by pokes.
    function testFuzz_PokesCannotStopTheLongestTwapFeed(uint256 gapSeed, uint256 pokes) public {
        _seededPair();
        _setFeed(address(eur), IPriceOracle.Source.Twap, address(pair), oracle.MAX_TWAP_WINDOW());
        uint256 n = bound(pokes, 8, 60);
        for (uint256 i; i < n; ++i) {
            vm.warp(block.timestamp + bound(uint256(keccak256(abi.encode(gapSeed, i))), 1, 10 minutes));
            pair.poke();
        }
        uint256 p = oracle.price(address(eur));
        assertTrue(p > 1.0999e18 && p < 1.1001e18, "the feed still answers");
    }

    /// @dev Issue 15 "also": the relayer may pick which fresh signed price to push, but never an older one than
    /// stored, and anyone replaces its pick with the signer's newer price.
    function test_PushPrice_ANewerPriceReplacesTheRelayersPick() public {
        _setFeed(ASSET, IPriceOracle.Source.SignedFeed, address(0), 0);
        uint64 older = uint64(block.timestamp);
        bytes memory olderSig = _signed(FEED_KEY, 2e18, older);
        vm.warp(block.timestamp + 60);
        uint64 newer = uint64(block.timestamp);
        oracle.pushPrice(ASSET, 1.9e18, newer, _signed(FEED_KEY, 1.9e18, newer)); // an honest keeper
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.PriceOracleBadPush.selector, ASSET));
        oracle.pushPrice(ASSET, 2e18, older, olderSig); // the relayer's preferred, older price
        assertEq(oracle.price(ASSET), 1.9e18, "the newest pushed price stands");
    }
}
