using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using EdgeOracle.GenericsCheck;

namespace EdgeOracle.Tools.Tests.GenericsCheck
{
    /// <summary>
    /// Writes small assemblies that each contain exactly one kind of metadata the check must (or must not)
    /// report, so every rule is tested in isolation rather than only on large real assemblies.
    /// </summary>
    internal static class EmittedAssemblies
    {
        /// <summary>Builds an assembly with one public class "Probe", lets <paramref name="define"/> add members, scans it and deletes it.</summary>
        public static ScanResult Scan(string name, Action<TypeBuilder> define)
        {
            PersistedAssemblyBuilder assembly = new PersistedAssemblyBuilder(new AssemblyName(name), typeof(object).Assembly);
            ModuleBuilder module = assembly.DefineDynamicModule(name);
            TypeBuilder type = module.DefineType("Probe", TypeAttributes.Public | TypeAttributes.Class);
            define(type);
            type.CreateType();
            string path = Path.Combine(Path.GetTempPath(), "generics-check-" + name + "-" + Guid.NewGuid().ToString("N") + ".dll");
            assembly.Save(path);
            try
            {
                return GenericsScanner.Scan(path);
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>Arrays of every shape over non-generic types, in fields, signatures and locals: none is generic.</summary>
        public static void ArraysOnly(TypeBuilder type)
        {
            type.DefineField("bytes", typeof(byte[]), FieldAttributes.Public);
            type.DefineField("jagged", typeof(uint[][]), FieldAttributes.Public);
            type.DefineField("matrix", typeof(int[,]), FieldAttributes.Public);
            MethodBuilder method = type.DefineMethod("Copy", MethodAttributes.Public | MethodAttributes.Static, typeof(string[]), new[] { typeof(object[]), typeof(ulong[]).MakeByRefType() });
            ILGenerator il = method.GetILGenerator();
            il.DeclareLocal(typeof(long[]));
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ret);
        }

        /// <summary>A field of type List&lt;int&gt;: a GENERICINST in a field signature (and a TypeSpec-free definition).</summary>
        public static void GenericField(TypeBuilder type)
        {
            type.DefineField("items", typeof(List<int>), FieldAttributes.Public);
        }

        /// <summary>A generic method definition M&lt;T&gt;(T): a GenericParam row and MVAR in its signature.</summary>
        public static void GenericMethod(TypeBuilder type)
        {
            MethodBuilder method = type.DefineMethod("Identity", MethodAttributes.Public | MethodAttributes.Static);
            GenericTypeParameterBuilder[] parameters = method.DefineGenericParameters("T");
            method.SetParameters(parameters[0]);
            method.SetReturnType(parameters[0]);
            ILGenerator il = method.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ret);
        }

        /// <summary>A call to Array.Empty&lt;int&gt;() inside a non-generic method: a MethodSpec row only.</summary>
        public static void GenericCall(TypeBuilder type)
        {
            MethodBuilder method = type.DefineMethod("Empty", MethodAttributes.Public | MethodAttributes.Static, typeof(int[]), Type.EmptyTypes);
            ILGenerator il = method.GetILGenerator();
            il.Emit(OpCodes.Call, typeof(Array).GetMethod(nameof(Array.Empty))!.MakeGenericMethod(typeof(int)));
            il.Emit(OpCodes.Ret);
        }

        /// <summary>A local of type Dictionary&lt;string, int&gt; in a non-generic method: a local signature offence.</summary>
        public static void GenericLocal(TypeBuilder type)
        {
            MethodBuilder method = type.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes);
            ILGenerator il = method.GetILGenerator();
            il.DeclareLocal(typeof(Dictionary<string, int>));
            il.Emit(OpCodes.Ret);
        }
    }
}
