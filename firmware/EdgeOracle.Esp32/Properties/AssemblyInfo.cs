using System.Reflection;

[assembly: AssemblyTitle("EdgeOracle.Esp32")]
[assembly: AssemblyDescription("EdgeOracle sensor node and POS terminal app for ESP32 (nanoFramework)")]
[assembly: AssemblyVersion("1.0.0.0")]
