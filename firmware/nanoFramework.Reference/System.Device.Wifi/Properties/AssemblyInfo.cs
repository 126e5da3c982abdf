using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.Device.Wifi 1.5.133): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("System.Device.Wifi (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.5.133.0")]
