using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.Device.I2c 1.1.29): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("System.Device.I2c (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.1.29.0")]
