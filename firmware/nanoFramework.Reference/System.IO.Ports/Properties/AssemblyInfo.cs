using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.IO.Ports 1.1.132): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("System.IO.Ports (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.1.132.0")]
