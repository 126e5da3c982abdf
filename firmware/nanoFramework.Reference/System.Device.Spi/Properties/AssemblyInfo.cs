using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.Device.Spi 1.3.82): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("System.Device.Spi (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.3.82.0")]
