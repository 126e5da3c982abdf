using System.Reflection;

// The real assembly's name and version (package nanoFramework.Runtime.Events 1.11.32): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("nanoFramework.Runtime.Events (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.11.32.0")]
