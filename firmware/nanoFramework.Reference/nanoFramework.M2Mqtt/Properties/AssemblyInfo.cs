using System.Reflection;

// The real assembly's name and version (package nanoFramework.M2Mqtt 5.1.199): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("nanoFramework.M2Mqtt (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("5.1.199.0")]
