using System.Reflection;

// The real assembly's name and version (package nanoFramework.Networking.Sntp 1.6.42): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("nanoFramework.Networking.Sntp (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.6.42.0")]
