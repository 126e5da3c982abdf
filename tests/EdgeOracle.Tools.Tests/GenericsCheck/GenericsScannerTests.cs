using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using EdgeOracle.GenericsCheck;

namespace EdgeOracle.Tools.Tests.GenericsCheck
{
    public sealed class GenericsScannerTests
    {
        [Fact]
        public void Scan_ReportsNothing_ForArraysOfPlainTypes()
        {
            ScanResult result = EmittedAssemblies.Scan("arrays", EmittedAssemblies.ArraysOnly);
            Assert.Empty(result.Offences);
            Assert.True(result.MethodCount >= 1);
        }

        [Fact]
        public void Scan_ReportsTheField_WhenAFieldHasAGenericType()
        {
            ScanResult result = EmittedAssemblies.Scan("field", EmittedAssemblies.GenericField);
            string offence = Assert.Single(result.Offences);
            Assert.Contains("field Probe.items", offence);
            Assert.Contains("System.Collections.Generic.List`1<Int32>", offence);
        }

        [Fact]
        public void Scan_ReportsTheDefinitionAndItsSignature_ForAGenericMethod()
        {
            ScanResult result = EmittedAssemblies.Scan("method", EmittedAssemblies.GenericMethod);
            Assert.Contains(result.Offences, o => o.StartsWith("generic definition: method Probe.Identity declares type parameter T", StringComparison.Ordinal));
            Assert.Contains(result.Offences, o => o.StartsWith("signature of method Probe.Identity", StringComparison.Ordinal) && o.Contains("!!0"));
        }

        [Fact]
        public void Scan_ReportsTheMethodSpecAndTheReferencedGenericMethod_ForACallToAGenericMethod()
        {
            ScanResult result = EmittedAssemblies.Scan("call", EmittedAssemblies.GenericCall);
            Assert.Equal(2, result.Offences.Count);
            Assert.Contains("generic method instantiation (MethodSpec #1): System.Array.Empty<Int32>", result.Offences);
            Assert.Contains(result.Offences, o => o.StartsWith("signature of referenced member System.Array.Empty", StringComparison.Ordinal) && o.Contains("!!0"));
        }

        [Fact]
        public void Scan_ReportsTheLocalSignature_ForALocalOfGenericType()
        {
            ScanResult result = EmittedAssemblies.Scan("local", EmittedAssemblies.GenericLocal);
            string offence = Assert.Single(result.Offences);
            Assert.StartsWith("local variables", offence);
            Assert.Contains("Dictionary`2<String, Int32>", offence);
        }

        [Fact]
        public void Scan_ReportsGenericDefinitions_InTheCoreLibrary()
        {
            ScanResult result = GenericsScanner.Scan(typeof(List<>).Assembly.Location);
            Assert.Contains(result.Offences, o => o.StartsWith("generic definition: type System.Collections.Generic.List`1", StringComparison.Ordinal));
        }

        [Fact]
        public void Run_ExitsOneAndListsOffences_ForThisTestAssembly()
        {
            StringWriter output = new StringWriter();
            int exit = Program.Run(new[] { typeof(GenericsScannerTests).Assembly.Location }, output, new StringWriter());
            Assert.Equal(1, exit);
            Assert.Contains("uses of generics in EdgeOracle.Tools.Tests.dll", output.ToString());
            Assert.Contains("generic method instantiation", output.ToString());
        }

        [Fact]
        public void Run_ExitsZeroWithOneLine_ForTheNanoFirmwareCore()
        {
            string path = typeof(GenericsScannerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "NanoCoreAssembly").Value!;
            Assert.True(File.Exists(path), "the Nano gate should have been built before the tests: " + path);
            StringWriter output = new StringWriter();
            int exit = Program.Run(new[] { path }, output, new StringWriter());
            Assert.True(exit == 0, output.ToString());
            string line = Assert.Single(output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.Matches(@"^no generics in EdgeOracle\.Firmware\.Core\.Nano\.dll \(\d+ types, \d+ methods scanned\)$", line);
        }

        [Fact]
        public void Run_ExitsTwo_ForAMissingFileOrNoArgument()
        {
            Assert.Equal(2, Program.Run(new[] { Path.Combine(Path.GetTempPath(), "no-such-assembly.dll") }, new StringWriter(), new StringWriter()));
            Assert.Equal(2, Program.Run(Array.Empty<string>(), new StringWriter(), new StringWriter()));
        }
    }
}
