using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace EdgeOracle.GenericsCheck
{
    /// <summary>
    /// Decodes signature blobs into readable type names and records every generic element met on the way:
    /// GENERICINST (an instantiated generic type), VAR (a type's generic parameter) and MVAR (a method's).
    /// Decoding the blob properly, rather than searching it for the element bytes, keeps arrays of plain
    /// types and token bytes that happen to equal 0x15/0x13/0x1e from being reported.
    /// </summary>
    internal sealed class SignatureProbe : ISignatureTypeProvider<string, object?>
    {
        private readonly List<string> found = new List<string>();

        /// <summary>Generic elements seen since the last <see cref="Reset"/>.</summary>
        public IReadOnlyList<string> Found => found;

        /// <summary>Forgets what earlier signatures contained.</summary>
        public void Reset() => found.Clear();

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            string name = genericType + "<" + string.Join(", ", typeArguments) + ">";
            found.Add("generic instantiation " + name);
            return name;
        }

        public string GetGenericTypeParameter(object? genericContext, int index)
        {
            found.Add("type parameter !" + index);
            return "!" + index;
        }

        public string GetGenericMethodParameter(object? genericContext, int index)
        {
            found.Add("method type parameter !!" + index);
            return "!!" + index;
        }

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType + " pinned";

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetFunctionPointerType(MethodSignature<string> signature) =>
            "method " + signature.ReturnType + "(" + string.Join(", ", signature.ParameterTypes) + ")";

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
            Names.Of(reader, handle);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
            Names.Of(reader, handle);

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
