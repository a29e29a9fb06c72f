using Microsoft.Extensions.Compliance.Redaction;

namespace Sentinela.Server.Observability.Redaction;

/// <summary>A redactor that replaces a value by a shorter, safe rendering of it (masked, coarsened).</summary>
public abstract class MappingRedactor : Redactor
{
    protected abstract string Map(ReadOnlySpan<char> input);

    public override int GetRedactedLength(ReadOnlySpan<char> input) => Map(input).Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var mapped = Map(source);
        mapped.CopyTo(destination);
        return mapped.Length;
    }
}
