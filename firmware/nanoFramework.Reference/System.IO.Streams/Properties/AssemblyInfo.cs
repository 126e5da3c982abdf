using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.IO.Streams 1.1.96): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("System.IO.Streams (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.1.96.0")]
