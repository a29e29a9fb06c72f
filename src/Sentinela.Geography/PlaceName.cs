namespace Sentinela.Geography;

/// <summary>How place names are compared: Portuguese letters without their accents, lower case, letters and digits only.</summary>
public static class PlaceName
{
    // A table rather than Unicode normalisation: the server runs with invariant globalization, and these are the letters
    // Brazilian place names use.
    const string Accented = "áàâãäåçéèêëíìîïñóòôõöúùûüýÿÁÀÂÃÄÅÇÉÈÊËÍÌÎÏÑÓÒÔÕÖÚÙÛÜÝ";
    const string Plain = "aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuy";

    /// <summary>"Santa Bárbara d'Oeste" → "santabarbaradoeste".</summary>
    public static string Fold(string name)
    {
        Span<char> buffer = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            var i = Accented.IndexOf(c);
            var plain = i >= 0 ? Plain[i] : char.ToLowerInvariant(c);
            if (char.IsAsciiLetterOrDigit(plain)) buffer[length++] = plain;
        }
        return new string(buffer[..length]);
    }
}
