using System.Reflection.Metadata;

namespace EdgeOracle.GenericsCheck
{
    /// <summary>Readable names of metadata rows for the offence list.</summary>
    internal static class Names
    {
        public static string Of(MetadataReader reader, TypeDefinitionHandle handle)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            string name = reader.GetString(type.Name);
            if (type.GetDeclaringType() is { IsNil: false } declaring)
            {
                return Of(reader, declaring) + "+" + name;
            }

            string ns = reader.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public static string Of(MetadataReader reader, TypeReferenceHandle handle)
        {
            TypeReference type = reader.GetTypeReference(handle);
            string ns = reader.GetString(type.Namespace);
            string name = reader.GetString(type.Name);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public static string Of(MetadataReader reader, MethodDefinitionHandle handle)
        {
            MethodDefinition method = reader.GetMethodDefinition(handle);
            return Of(reader, method.GetDeclaringType()) + "." + reader.GetString(method.Name);
        }

        public static string Of(MetadataReader reader, MemberReferenceHandle handle)
        {
            MemberReference member = reader.GetMemberReference(handle);
            return OfParent(reader, member.Parent) + "." + reader.GetString(member.Name);
        }

        public static string OfParent(MetadataReader reader, EntityHandle parent)
        {
            switch (parent.Kind)
            {
                case HandleKind.TypeDefinition:
                    return Of(reader, (TypeDefinitionHandle)parent);
                case HandleKind.TypeReference:
                    return Of(reader, (TypeReferenceHandle)parent);
                case HandleKind.MethodDefinition:
                    return Of(reader, (MethodDefinitionHandle)parent);
                case HandleKind.MemberReference:
                    return Of(reader, (MemberReferenceHandle)parent);
                case HandleKind.TypeSpecification:
                    return "typespec #" + System.Reflection.Metadata.Ecma335.MetadataTokens.GetRowNumber(parent);
                default:
                    return parent.Kind.ToString();
            }
        }
    }
}
