using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.Device.Adc 1.1.24): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("System.Device.Adc (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.1.24.44037")]
