using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.Net 1.11.43): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("System.Net (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.11.43.0")]
