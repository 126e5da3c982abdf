using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace EdgeOracle.GenericsCheck
{
    /// <summary>What a scan found: the offences, and how much metadata was read.</summary>
    /// <param name="AssemblyFile">File name of the scanned assembly.</param>
    /// <param name="Offences">One line per generic use; empty when the assembly is clean.</param>
    /// <param name="TypeCount">Type definitions scanned.</param>
    /// <param name="MethodCount">Method definitions scanned.</param>
    public sealed record ScanResult(string AssemblyFile, IReadOnlyList<string> Offences, int TypeCount, int MethodCount);

    /// <summary>
    /// Lists every use of generics in an assembly's metadata: generic parameter rows (generic type or method
    /// definitions), MethodSpec rows (calls to instantiated generic methods), TypeSpec rows that instantiate or
    /// name a generic parameter, and every signature (methods, fields, properties, member references,
    /// standalone and local variable signatures) that contains GENERICINST, VAR or MVAR.
    /// </summary>
    public static class GenericsScanner
    {
        /// <summary>Scans the assembly at <paramref name="path"/>.</summary>
        /// <param name="path">A .NET assembly (PE file with metadata).</param>
        /// <returns>The offences and counts.</returns>
        public static ScanResult Scan(string path)
        {
            using FileStream stream = File.OpenRead(path);
            using PEReader pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                throw new BadImageFormatException("no .NET metadata in " + path);
            }

            MetadataReader reader = pe.GetMetadataReader();
            List<string> offences = new List<string>();
            SignatureProbe probe = new SignatureProbe();

            ScanGenericParameters(reader, offences);
            ScanMethodSpecifications(reader, probe, offences);
            ScanTypeSpecifications(reader, probe, offences);
            ScanDefinitions(reader, probe, offences);
            ScanMemberReferences(reader, probe, offences);
            ScanStandaloneSignatures(reader, probe, offences);

            return new ScanResult(Path.GetFileName(path), offences, reader.TypeDefinitions.Count, reader.MethodDefinitions.Count);
        }

        private static void ScanGenericParameters(MetadataReader reader, List<string> offences)
        {
            int rows = reader.GetTableRowCount(TableIndex.GenericParam);
            for (int row = 1; row <= rows; row++)
            {
                GenericParameter parameter = reader.GetGenericParameter(MetadataTokens.GenericParameterHandle(row));
                string owner = parameter.Parent.Kind == HandleKind.MethodDefinition ? "method " : "type ";
                offences.Add("generic definition: " + owner + Names.OfParent(reader, parameter.Parent) + " declares type parameter " + reader.GetString(parameter.Name));
            }
        }

        private static void ScanMethodSpecifications(MetadataReader reader, SignatureProbe probe, List<string> offences)
        {
            int rows = reader.GetTableRowCount(TableIndex.MethodSpec);
            for (int row = 1; row <= rows; row++)
            {
                MethodSpecification spec = reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
                probe.Reset();
                string arguments = string.Join(", ", spec.DecodeSignature(probe, null));
                offences.Add("generic method instantiation (MethodSpec #" + row + "): " + Names.OfParent(reader, spec.Method) + "<" + arguments + ">");
            }
        }

        private static void ScanTypeSpecifications(MetadataReader reader, SignatureProbe probe, List<string> offences)
        {
            int rows = reader.GetTableRowCount(TableIndex.TypeSpec);
            for (int row = 1; row <= rows; row++)
            {
                probe.Reset();
                string type = reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(probe, null);
                Report(probe, offences, "TypeSpec #" + row + " (" + type + ")");
            }
        }

        private static void ScanDefinitions(MetadataReader reader, SignatureProbe probe, List<string> offences)
        {
            foreach (MethodDefinitionHandle handle in reader.MethodDefinitions)
            {
                probe.Reset();
                reader.GetMethodDefinition(handle).DecodeSignature(probe, null);
                Report(probe, offences, "signature of method " + Names.Of(reader, handle));
            }

            foreach (FieldDefinitionHandle handle in reader.FieldDefinitions)
            {
                FieldDefinition field = reader.GetFieldDefinition(handle);
                probe.Reset();
                field.DecodeSignature(probe, null);
                Report(probe, offences, "type of field " + Names.Of(reader, field.GetDeclaringType()) + "." + reader.GetString(field.Name));
            }

            foreach (PropertyDefinitionHandle handle in reader.PropertyDefinitions)
            {
                PropertyDefinition property = reader.GetPropertyDefinition(handle);
                probe.Reset();
                property.DecodeSignature(probe, null);
                Report(probe, offences, "signature of property " + reader.GetString(property.Name));
            }
        }

        private static void ScanMemberReferences(MetadataReader reader, SignatureProbe probe, List<string> offences)
        {
            foreach (MemberReferenceHandle handle in reader.MemberReferences)
            {
                MemberReference member = reader.GetMemberReference(handle);
                probe.Reset();
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(probe, null);
                }
                else
                {
                    member.DecodeFieldSignature(probe, null);
                }

                Report(probe, offences, "signature of referenced member " + Names.Of(reader, handle));
            }
        }

        private static void ScanStandaloneSignatures(MetadataReader reader, SignatureProbe probe, List<string> offences)
        {
            int rows = reader.GetTableRowCount(TableIndex.StandAloneSig);
            for (int row = 1; row <= rows; row++)
            {
                StandaloneSignature signature = reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
                probe.Reset();
                if (signature.GetKind() == StandaloneSignatureKind.LocalVariables)
                {
                    signature.DecodeLocalSignature(probe, null);
                    Report(probe, offences, "local variables (StandAloneSig #" + row + ")");
                }
                else
                {
                    signature.DecodeMethodSignature(probe, null);
                    Report(probe, offences, "call site signature (StandAloneSig #" + row + ")");
                }
            }
        }

        private static void Report(SignatureProbe probe, List<string> offences, string where)
        {
            if (probe.Found.Count > 0)
            {
                offences.Add(where + ": " + string.Join("; ", probe.Found));
            }
        }
    }
}
