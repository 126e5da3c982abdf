using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.Threading 1.1.52): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("System.Threading (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.1.52.34401")]
