using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.IO.FileSystem 1.1.87): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("System.IO.FileSystem (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.1.87.0")]
