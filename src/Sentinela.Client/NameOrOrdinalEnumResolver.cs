using MessagePack;
using MessagePack.Formatters;

namespace Sentinela.Client;

/// <summary>
/// MessagePack formatters for enums that read a name (any casing) or an ordinal, and write the name. SignalR's default
/// resolver on the server writes names and reads only names; a contractless one writes ordinals. This reads both.
/// </summary>
sealed class NameOrOrdinalEnumResolver : IFormatterResolver
{
    public static readonly NameOrOrdinalEnumResolver Instance = new();

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = typeof(T).IsEnum
            ? (IMessagePackFormatter<T>)Activator.CreateInstance(typeof(NameOrOrdinalEnumFormatter<>).MakeGenericType(typeof(T)))!
            : null;
    }
}

sealed class NameOrOrdinalEnumFormatter<T> : IMessagePackFormatter<T> where T : struct, Enum
{
    static readonly Dictionary<string, T> ByName = Enum.GetValues<T>()
        .DistinctBy(v => v.ToString())
        .ToDictionary(v => v.ToString(), StringComparer.OrdinalIgnoreCase);

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) => writer.Write(value.ToString());

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.NextMessagePackType == MessagePackType.String)
        {
            var name = reader.ReadString();
            return name is not null && ByName.TryGetValue(name, out var value)
                ? value
                : throw new MessagePackSerializationException($"'{name}' is not a {typeof(T).Name}.");
        }
        return (T)Enum.ToObject(typeof(T), reader.ReadInt64());
    }
}
