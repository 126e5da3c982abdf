using System.Reflection;

// The real assembly's name and version (inside package nanoFramework.Iot.Device.Pn532 1.2.883): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("Iot.Device.Card (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.2.0.0")]
