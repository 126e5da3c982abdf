using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;

namespace EdgeOracle.SigningBenchmarks
{
    /// <summary>
    /// Counts the IL instructions in a method body. For straight-line code (FieldMath.Multiply, Square and their
    /// Reduce have no loops) the static count is the number executed per call, which is what an IL interpreter
    /// such as nanoFramework's pays for.
    /// </summary>
    internal static class IlCount
    {
        private static readonly Dictionary<short, OpCode> OpCodesByValue = Load();

        public static int Of(Type type, string name, Type[] parameters)
        {
            MethodInfo method = type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, parameters)
                ?? throw new InvalidOperationException("no method " + name);
            byte[] il = method.GetMethodBody()!.GetILAsByteArray()!;
            int count = 0;
            int at = 0;
            while (at < il.Length)
            {
                short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
                OpCode code = OpCodesByValue[value];
                at += code.Size + OperandSize(code, il, at + code.Size);
                count++;
            }

            return count;
        }

        private static int OperandSize(OpCode code, byte[] il, int operandAt)
        {
            switch (code.OperandType)
            {
                case OperandType.InlineNone:
                    return 0;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    return 1;
                case OperandType.InlineVar:
                    return 2;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    return 8;
                case OperandType.InlineSwitch:
                    return 4 + (4 * BitConverter.ToInt32(il, operandAt));
                default:
                    return 4;
            }
        }

        private static Dictionary<short, OpCode> Load()
        {
            Dictionary<short, OpCode> map = new();
            foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                OpCode code = (OpCode)field.GetValue(null)!;
                map[code.Value] = code;
            }

            return map;
        }
    }
}
