using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.Device.Gpio 1.1.57): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("System.Device.Gpio (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.1.57.0")]
