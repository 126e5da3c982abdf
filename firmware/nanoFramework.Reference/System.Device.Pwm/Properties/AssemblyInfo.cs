using System.Reflection;

// The real assembly's name and version (package nanoFramework.System.Device.Pwm 1.1.23): the app's references bind to exactly this identity.
[assembly: AssemblyTitle("System.Device.Pwm (EdgeOracle reference surface)")]
[assembly: AssemblyVersion("1.1.23.36628")]
