using System.Reflection;

// The real assembly's name and version (package nanoFramework.Hardware.Esp32 1.6.34): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("nanoFramework.Hardware.Esp32 (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.6.34.0")]
