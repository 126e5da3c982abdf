using System.Reflection;

// The real assembly's name and version (package nanoFramework.Iot.Device.Pn532 1.2.883): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("Iot.Device.Pn532 (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.2.0.0")]
