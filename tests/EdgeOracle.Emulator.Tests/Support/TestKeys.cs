using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Emulator.Tests.Support
{
    /// <summary>Fixed keys and addresses of the test deployment (never used outside tests).</summary>
    internal static class TestKeys
    {
        public const ulong ChainId = 31337;
        public const string Registry = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
        public const string Token = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
        public const string Router = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
        public const string Merchant = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
        public const string TokenName = "EdgeOracle USD";

        public static byte[] Sensor => Hex.Decode("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");

        public static byte[] Terminal => Hex.Decode("0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f");

        public static byte[] Customer => Hex.Decode("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    }
}
