// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {MerkleAnchor} from "../../src/core/MerkleAnchor.sol";
import {IMerkleAnchor} from "../../src/core/interfaces/IMerkleAnchor.sol";
import {Test} from "../utils/Test.sol";

contract MerkleAnchorTest is Test {
    MerkleAnchor internal anchors;
    address internal constant RELAYER = address(0x5E1A7);

    function setUp() public {
        anchors = new MerkleAnchor();
    }

    function _parent(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    /// Four leaves: root = H(H(l0,l1), H(l2,l3)).
    function _tree() internal pure returns (bytes32[4] memory leaves, bytes32 root) {
        for (uint256 i; i < 4; ++i) {
            leaves[i] = keccak256(abi.encode("reading", i));
        }
        root = _parent(_parent(leaves[0], leaves[1]), _parent(leaves[2], leaves[3]));
    }

    function test_Anchor_RecordsSubmitterCountAndBlock() public {
        (, bytes32 root) = _tree();
        vm.expectEmit(true, true, true, true, address(anchors));
        emit IMerkleAnchor.RootAnchored(root, RELAYER, 4);
        vm.prank(RELAYER);
        anchors.anchor(root, 4);

        IMerkleAnchor.Anchor memory a = anchors.anchorOf(root);
        assertEq(a.submitter, RELAYER, "submitter");
        assertEq(uint256(a.count), 4, "count");
        assertEq(uint256(a.blockNumber), block.number, "block");
    }

    function test_Verify_AcceptsEveryLeafOfAnAnchoredTree() public {
        (bytes32[4] memory leaves, bytes32 root) = _tree();
        vm.prank(RELAYER);
        anchors.anchor(root, 4);

        for (uint256 i; i < 4; ++i) {
            bytes32[] memory proof = new bytes32[](2);
            proof[0] = leaves[i ^ 1];
            proof[1] = i < 2 ? _parent(leaves[2], leaves[3]) : _parent(leaves[0], leaves[1]);
            assertTrue(anchors.verify(leaves[i], proof), "leaf verifies");
        }
    }

    function test_Verify_RefusesForeignLeafAndUnanchoredRoot() public {
        (bytes32[4] memory leaves, bytes32 root) = _tree();
        bytes32[] memory proof = new bytes32[](2);
        proof[0] = leaves[1];
        proof[1] = _parent(leaves[2], leaves[3]);
        assertFalse(anchors.verify(leaves[0], proof), "not anchored yet");

        vm.prank(RELAYER);
        anchors.anchor(root, 4);
        assertFalse(anchors.verify(keccak256("forged"), proof), "foreign leaf");
    }

    function test_VerifyReading_ReturnsAnchorAndSigner() public {
        (uint256 key, address device) = (0xA11CE, vm.addr(0xA11CE));
        bytes32 digest = keccak256("observation digest");
        bytes32 other = keccak256("another reading");
        bytes32 root = _parent(digest, other);
        vm.prank(RELAYER);
        anchors.anchor(root, 2);

        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = other;
        (bytes32 computed, IMerkleAnchor.Anchor memory a, address signer) =
            anchors.verifyReading(digest, proof, abi.encodePacked(r, s, v));
        assertEq(computed, root, "root");
        assertEq(a.submitter, RELAYER, "anchored by the relayer");
        assertEq(signer, device, "signer");
    }

    function test_VerifyReading_SignerZero_WhenSignatureMalformed() public view {
        bytes32[] memory proof = new bytes32[](0);
        (,, address signer) = anchors.verifyReading(keccak256("x"), proof, hex"0102");
        assertEq(signer, address(0), "no signer");
    }

    function test_RevertWhen_AnchoringTheSameRootTwice() public {
        (, bytes32 root) = _tree();
        anchors.anchor(root, 4);
        vm.expectRevert(abi.encodeWithSelector(IMerkleAnchor.MerkleAnchorAlreadyAnchored.selector, root));
        anchors.anchor(root, 4);
    }

    function test_RevertWhen_RootIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IMerkleAnchor.MerkleAnchorEmptyTree.selector, bytes32(0), uint64(1)));
        anchors.anchor(bytes32(0), 1);
    }

    function test_RevertWhen_TreeHasNoLeaves() public {
        vm.expectRevert(
            abi.encodeWithSelector(IMerkleAnchor.MerkleAnchorEmptyTree.selector, bytes32(uint256(1)), uint64(0))
        );
        anchors.anchor(bytes32(uint256(1)), 0);
    }

    function testFuzz_Verify_SingleLeafTreeIsItsOwnRoot(bytes32 leaf) public {
        vm.assume(leaf != bytes32(0));
        anchors.anchor(leaf, 1);
        assertTrue(anchors.verify(leaf, new bytes32[](0)), "single leaf");
    }
}
