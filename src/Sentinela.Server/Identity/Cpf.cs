namespace Sentinela.Server.Identity;

/// <summary>
/// A Brazilian taxpayer number (CPF) with valid check digits, kept as its 11 digits. <see cref="ToString"/> is the masked
/// form, so a CPF that slips into a string never shows in full; <see cref="Digits"/> is explicit.
/// </summary>
public readonly record struct Cpf
{
    Cpf(string digits) => Digits = digits;

    public string Digits { get; }

    /// <summary>Accepts "12345678909" or "123.456.789-09".</summary>
    public static bool TryParse(string? text, out Cpf cpf)
    {
        cpf = default;
        if (text is null || text.Length > 14) return false;
        Span<int> d = stackalloc int[11];
        var n = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (n == 11) return false;
                d[n++] = c - '0';
            }
            else if (c is not ('.' or '-' or ' ')) return false;
        }
        if (n != 11 || d.IndexOfAnyExcept(d[0]) < 0) return false;
        if (CheckDigit(d[..9]) != d[9] || CheckDigit(d[..10]) != d[10]) return false;
        cpf = new Cpf(string.Concat(text.Where(char.IsAsciiDigit)));
        return true;
    }

    public static Cpf Parse(string text) =>
        TryParse(text, out var cpf) ? cpf : throw new FormatException("Not a valid CPF.");

    /// <summary>"***.***.789-**": the only form that may appear in logs and most responses.</summary>
    public static string Mask(string digits) => digits.Length == 11 ? $"***.***.{digits[6..9]}-**" : "***";

    public string Masked => Mask(Digits ?? "");

    public string Formatted => $"{Digits[..3]}.{Digits[3..6]}.{Digits[6..9]}-{Digits[9..]}";

    public override string ToString() => Masked;

    /// <summary>Modulo-11 check digit over the preceding digits, weights counting down to 2.</summary>
    static int CheckDigit(ReadOnlySpan<int> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++) sum += digits[i] * (digits.Length + 1 - i);
        var rest = sum % 11;
        return rest < 2 ? 0 : 11 - rest;
    }
}
