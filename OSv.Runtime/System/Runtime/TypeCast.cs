// Casting helpers ilc calls for `is`, `as`, casts and array stores. Types are compared by
// MethodTable identity: ilc emits exactly one MethodTable per type in a whole-program image.
// Supported: class hierarchies, interfaces (directly listed on the type or a base), arrays of
// references (covariantly), boxed values. Generic variance is not: it arrives with issue 4.
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System.Runtime
{
    internal static unsafe class TypeCast
    {
        [RuntimeExport("RhTypeCast_IsInstanceOfClass")]
        public static object? IsInstanceOfClass(MethodTable* targetType, object? obj)
        {
            if (obj is null || IsAssignableToClass(obj.GetMethodTable(), targetType))
                return obj;
            return null;
        }

        [RuntimeExport("RhTypeCast_IsInstanceOfInterface")]
        public static object? IsInstanceOfInterface(MethodTable* targetType, object? obj)
        {
            if (obj is null || ImplementsInterface(obj.GetMethodTable(), targetType))
                return obj;
            return null;
        }

        [RuntimeExport("RhTypeCast_IsInstanceOfAny")]
        public static object? IsInstanceOfAny(MethodTable* targetType, object? obj)
        {
            if (obj is null || IsAssignable(obj.GetMethodTable(), targetType))
                return obj;
            return null;
        }

        public static object? IsInstanceOfException(MethodTable* targetType, object? obj) =>
            IsInstanceOfClass(targetType, obj);

        [RuntimeExport("RhTypeCast_CheckCastAny")]
        public static object? CheckCastAny(MethodTable* targetType, object? obj)
        {
            if (obj is null || IsAssignable(obj.GetMethodTable(), targetType))
                return obj;
            throw new InvalidCastException();
        }

        [RuntimeExport("RhTypeCast_CheckCastInterface")]
        public static object? CheckCastInterface(MethodTable* targetType, object? obj)
        {
            if (obj is null || ImplementsInterface(obj.GetMethodTable(), targetType))
                return obj;
            throw new InvalidCastException();
        }

        [RuntimeExport("RhTypeCast_CheckCastClass")]
        public static object? CheckCastClass(MethodTable* targetType, object? obj)
        {
            if (obj is null || IsAssignableToClass(obj.GetMethodTable(), targetType))
                return obj;
            throw new InvalidCastException();
        }

        public static object? CheckCastClassSpecial(MethodTable* targetType, object? obj) =>
            CheckCastClass(targetType, obj);

        // Store into an array of references: the value must fit the array's element type.
        public static void StelemRef(object?[] array, nint index, object? obj)
        {
            if ((nuint)index >= (uint)array.Length)
                throw new IndexOutOfRangeException();
            if (obj is not null)
            {
                MethodTable* elementType = array.GetMethodTable()->ArrayElementType;
                if (!IsAssignable(obj.GetMethodTable(), elementType))
                    throw new ArrayTypeMismatchException();
            }
            Unsafe.Add(ref Unsafe.As<byte, object?>(ref array.GetRawArrayData()), index) = obj;
        }

        public static ref object? LdelemaRef(object?[] array, nint index, MethodTable* elementType)
        {
            if ((nuint)index >= (uint)array.Length)
                throw new IndexOutOfRangeException();
            if (array.GetMethodTable()->ArrayElementType != elementType)
                throw new ArrayTypeMismatchException();
            return ref Unsafe.Add(ref Unsafe.As<byte, object?>(ref array.GetRawArrayData()), index);
        }

        internal static bool IsAssignable(MethodTable* sourceType, MethodTable* targetType)
        {
            if (sourceType == targetType)
                return true;
            if (targetType->IsInterface)
                return ImplementsInterface(sourceType, targetType);
            return IsAssignableToClass(sourceType, targetType);
        }

        private static bool IsAssignableToClass(MethodTable* sourceType, MethodTable* targetType)
        {
            if (sourceType->IsArray)
            {
                if (targetType->IsArray)
                    return AreCompatibleArrayElements(sourceType->ArrayElementType, targetType->ArrayElementType);
                // Every array derives from System.Array, which derives from System.Object.
                return targetType->ElementType == ElementType.SystemArray || IsSystemObject(targetType);
            }
            for (MethodTable* type = sourceType; type != null; type = type->BaseType)
            {
                if (type == targetType)
                    return true;
            }
            return false;
        }

        private static bool AreCompatibleArrayElements(MethodTable* sourceElement, MethodTable* targetElement)
        {
            if (sourceElement == targetElement)
                return true;
            // Array covariance holds for reference types only.
            if (sourceElement->IsValueType || targetElement->IsValueType)
                return false;
            return IsAssignable(sourceElement, targetElement);
        }

        private static bool IsSystemObject(MethodTable* type) =>
            type->BaseType == null && !type->IsInterface && !type->IsParameterized && type->ElementType == ElementType.Class;

        internal static bool ImplementsInterface(MethodTable* sourceType, MethodTable* interfaceType)
        {
            MethodTable** interfaces = sourceType->InterfaceMap;
            for (int i = 0; i < sourceType->InterfaceCount; i++)
            {
                if (interfaces[i] == interfaceType)
                    return true;
            }
            return false;
        }
    }
}
