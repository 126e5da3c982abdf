using System.Reflection;

// The real assembly's name and version (package nanoFramework.Runtime.Native 1.7.11): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("nanoFramework.Runtime.Native (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.7.11.0")]
