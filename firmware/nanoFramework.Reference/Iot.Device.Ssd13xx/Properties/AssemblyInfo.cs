using System.Reflection;

// The real assembly's name and version (package nanoFramework.Iot.Device.Ssd13xx 1.3.689): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("Iot.Device.Ssd13xx (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.3.0.0")]
