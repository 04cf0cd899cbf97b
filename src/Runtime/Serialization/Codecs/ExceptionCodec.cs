using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using BigDL.Orleans.Serialization.Wire;

namespace BigDL.Orleans.Serialization.Codecs;

/// <summary>Exceptions: type name, message, stack trace, inner exception and simple <see cref="Exception.Data"/> entries.</summary>
/// <remarks>
/// On read the same exception type is recreated when it is loaded here and has a (string, Exception) or (string)
/// constructor; otherwise a <see cref="RemoteGrainException"/> stands in. Either way the remote stack trace is kept.
/// </remarks>
internal static class ExceptionCodec
{
    const int MaxNameBytes = 1024;

    static readonly ConcurrentDictionary<Type, Func<string, Exception?, Exception>?> Factories = new();

    public static void Write(WireWriter writer, Exception exception)
    {
        if (exception is RemoteGrainException remote)
        {
            writer.WriteString(remote.OriginalTypeName);
            writer.WriteString(string.Empty);
            writer.WriteString(remote.Message);
            writer.WriteNullableString(remote.RemoteStackTrace);
        }
        else
        {
            var type = exception.GetType();
            writer.WriteString(type.FullName ?? type.Name);
            writer.WriteString(type.Assembly.GetName().Name ?? string.Empty);
            writer.WriteString(exception.Message);
            writer.WriteNullableString(exception.StackTrace);
        }

        writer.WriteValue(exception.InnerException, typeof(Exception));

        var entries = new List<(string Key, object? Value)>();
        foreach (DictionaryEntry entry in exception.Data)
        {
            if (entry.Key is string key && IsSimple(entry.Value))
            {
                entries.Add((key, entry.Value));
            }
        }

        writer.WriteLength(entries.Count, typeof(Exception));
        foreach (var (key, value) in entries)
        {
            writer.WriteString(key);
            writer.WriteValue(value, typeof(object));
        }
    }

    public static Exception Read(ref WireReader reader)
    {
        var typeName = reader.ReadString();
        var assemblyName = reader.ReadString();
        if (typeName.Length > MaxNameBytes || assemblyName.Length > MaxNameBytes)
        {
            throw new GrainSerializationException("The payload holds an exception type name over the length limit.");
        }

        var message = reader.ReadString();
        var stackTrace = reader.ReadNullableString();
        var inner = (Exception?)ValueReader.Read(ref reader, typeof(Exception));
        var count = reader.ReadLength(2, typeof(Exception));
        var data = new List<(string, object?)>(count);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var value = ValueReader.Read(ref reader, typeof(object));
            data.Add(IsSimple(value) ? (key, value) : throw new GrainSerializationException($"The payload holds exception data '{key}' that is not a simple value."));
        }

        var exception = Create(typeName, assemblyName, message, stackTrace, inner);
        foreach (var (key, value) in data)
        {
            exception.Data[key] = value;
        }

        return exception;
    }

    static Exception Create(string typeName, string assemblyName, string message, string? stackTrace, Exception? inner)
    {
        if (TypeResolver.Resolve(typeName, assemblyName) is { } type && Factories.GetOrAdd(type, FactoryFor) is { } factory)
        {
            try
            {
                var exception = factory(message, inner);
                if (!string.IsNullOrEmpty(stackTrace))
                {
                    ExceptionDispatchInfo.SetRemoteStackTrace(exception, stackTrace);
                }

                return exception;
            }
            catch (Exception e) when (e is not GrainSerializationException)
            {
                // The type's own constructor failed; the stand-in still carries everything the caller needs.
            }
        }

        return new RemoteGrainException(typeName, message, stackTrace, inner);
    }

    static Func<string, Exception?, Exception>? FactoryFor(Type type)
    {
        if (!typeof(Exception).IsAssignableFrom(type) || type.IsAbstract || type.ContainsGenericParameters || type == typeof(RemoteGrainException))
        {
            return null;
        }

        // (string message, Exception inner) is preferred: for ArgumentNullException and others, (string) takes a parameter name.
        if (type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string), typeof(Exception)]) is { } withInner)
        {
            return (message, inner) => (Exception)withInner.Invoke([message, inner]);
        }

        if (type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string)]) is { } withMessage)
        {
            return (message, _) => (Exception)withMessage.Invoke([message]);
        }

        return null;
    }

    static bool IsSimple(object? value) =>
        value is null or string || value.GetType().IsPrimitive || value.GetType().IsEnum || TypeRules.IsImmutableScalar(value.GetType());
}
