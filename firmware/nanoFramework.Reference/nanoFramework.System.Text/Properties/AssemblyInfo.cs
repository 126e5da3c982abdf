using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.Text 1.3.42): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("nanoFramework.System.Text (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.3.42.0")]
