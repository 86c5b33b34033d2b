using System.Collections.Concurrent;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Latin spellings of a name as (given, family) pairs, so a name can be compared with a mailbox's local part:
/// Western names as written, Japanese names by their dictionary readings in Hepburn romanisation.
/// </summary>
internal static class NameSpellings
{
    private static readonly Dictionary<string, string> Kana = BuildKana();

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KanaSpans = Kana.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>(given, family) pairs in lower-case ASCII; empty when the name has no Latin spelling.</summary>
    public static List<(string Given, string Family)> Of(string name)
    {
        var parts = name.Trim().Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.EndsWith('.')).ToArray();
        if (parts.Length < 2)
        {
            return [];
        }
        if (parts.All(p => p.All(c => char.IsAsciiLetter(c) || c is '-' or '\'')))
        {
            var given = Ascii(parts[0]);
            var family = Ascii(parts[^1]);
            // Japanese written in Latin letters comes either way round ("Mori Kenichi").
            return [(given, family), (family, given)];
        }
        var dictionary = JapaneseNameDictionary.Instance;
        var result = new List<(string, string)>();
        foreach (var f in dictionary.SurnameReadings(parts[0]))
        {
            foreach (var g in dictionary.GivenNameReadings(parts[^1]))
            {
                var (given, family) = (Romanize(g), Romanize(f));
                result.Add((given, family));
                // Mail addresses drop the long vowels: サトウ is "sato", ユウイチ "yuichi".
                result.Add((Short(given), Short(family)));
            }
        }
        return result;
    }

    /// <summary>
    /// True when one of the name's spellings (<see cref="Of"/>) fits one of the local parts, each already reduced by
    /// <see cref="LettersOf"/>. Every name of a message is asked against every party, and every capitalised word pair
    /// near an address against its local part: a name in Latin letters is compared in place, without its spellings'
    /// strings; only one with other characters (a Japanese name, read by the dictionary) makes them.
    /// </summary>
    public static bool FitsAny(ReadOnlySpan<char> name, List<string> localLetters)
    {
        if (localLetters.Count == 0)
        {
            return false;
        }
        // The parts as Of splits them: at spaces, none empty, none ending in a dot.
        var text = name.Trim();
        Range first = default, last = default;
        var parts = 0;
        var latin = true;
        foreach (var range in text.SplitAny(' ', '\u3000'))
        {
            var part = text[range];
            if (part.IsEmpty || part[^1] == '.')
            {
                continue;
            }
            if (parts++ == 0)
            {
                first = range;
            }
            last = range;
            foreach (var c in part)
            {
                latin &= char.IsAsciiLetter(c) || c is '-' or '\'';
            }
        }
        if (parts < 2)
        {
            return false;
        }
        if (!latin)
        {
            return ReadingsFit(text[first], text[last], localLetters);
        }
        // Parts longer than a stack buffer holds go the long way; names do not have them.
        if (text[first].Length > 128 || text[last].Length > 128)
        {
            foreach (var spelling in Of(name.ToString()))
            {
                foreach (var local in localLetters)
                {
                    if (FitsLetters(spelling, local))
                    {
                        return true;
                    }
                }
            }
            return false;
        }
        Span<char> given = stackalloc char[text[first].Length];
        Span<char> family = stackalloc char[text[last].Length];
        given = given[..LowerLetters(text[first], given)];
        family = family[..LowerLetters(text[last], family)];
        foreach (var local in localLetters)
        {
            // (given, family) and, for Japanese in Latin letters, (family, given): Of's two spellings.
            if (FitsLetters(given, family, local) || FitsLetters(family, given, local))
            {
                return true;
            }
        }
        return false;
    }

    // Of's spellings of a Japanese name, every surname reading with every given-name reading, each as written and
    // without long vowels; each reading is romanised once, not once per pair.
    private static bool ReadingsFit(ReadOnlySpan<char> surname, ReadOnlySpan<char> given, List<string> localLetters)
    {
        var dictionary = JapaneseNameDictionary.Instance;
        var surnames = dictionary.SurnameReadings(surname);
        var givens = dictionary.GivenNameReadings(given);
        if (surnames.Length == 0 || givens.Length == 0)
        {
            return false;
        }
        var families = Spellings.GetOrAdd(surnames, RomanizeAll);
        var givenSpellings = Spellings.GetOrAdd(givens, RomanizeAll);
        // Pairs as Of makes them: (given, family) as romanised, and both shortened.
        for (var f = 0; f < families.Length; f++)
        {
            for (var g = f % 2; g < givenSpellings.Length; g += 2)
            {
                foreach (var local in localLetters)
                {
                    if (FitsLetters(givenSpellings[g], families[f], local))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // The romanised spellings of a dictionary entry's readings, by the entry's array of readings: dictionary data,
    // made once per entry as names ask for it rather than once per name and party. Nothing from a message is kept.
    private static readonly ConcurrentDictionary<string[], string[]> Spellings = new(ReferenceEqualityComparer.Instance);

    // Each reading as romanised and shortened, side by side.
    private static string[] RomanizeAll(string[] readings)
    {
        var spellings = new string[readings.Length * 2];
        for (var i = 0; i < readings.Length; i++)
        {
            spellings[2 * i] = Romanize(readings[i]);
            spellings[(2 * i) + 1] = Short(spellings[2 * i]);
        }
        return spellings;
    }

    // The ASCII letters of an ASCII part, lower case, as LettersOf makes them.
    private static int LowerLetters(ReadOnlySpan<char> part, Span<char> into)
    {
        var length = 0;
        foreach (var c in part)
        {
            if (char.IsAsciiLetter(c))
            {
                into[length++] = (char)(c | 0x20);
            }
        }
        return length;
    }

    /// <summary>True for <c>kenichi.mori</c>, <c>k.mori</c>, <c>kmori</c>, <c>mori.kenichi</c>; not for a given or family name alone.</summary>
    public static bool FitsLocalPart((string Given, string Family) name, string localPart) =>
        FitsLetters(name, LettersOf(localPart));

    /// <summary>A local part as <see cref="FitsLetters"/> compares it: its ASCII letters, lower case.</summary>
    public static string LettersOf(string localPart)
    {
        // Local parts are ASCII: their letters are lowered in place. Lowering other characters may give ASCII letters
        // (the Kelvin sign gives "k"), so those go the long way.
        if (!System.Text.Ascii.IsValid(localPart))
        {
            return new([.. localPart.ToLowerInvariant().Where(char.IsAsciiLetter)]);
        }
        var buffer = localPart.Length <= 256 ? stackalloc char[localPart.Length] : new char[localPart.Length];
        var length = 0;
        foreach (var c in localPart)
        {
            if (char.IsAsciiLetter(c))
            {
                buffer[length++] = (char)(c | 0x20);
            }
        }
        return new string(buffer[..length]);
    }

    /// <summary><see cref="FitsLocalPart"/> for a local part already reduced by <see cref="LettersOf"/>.</summary>
    public static bool FitsLetters((string Given, string Family) name, string local) => FitsLetters(name.Given, name.Family, local);

    private static bool FitsLetters(ReadOnlySpan<char> g, ReadOnlySpan<char> f, string local)
    {
        if (g.Length == 0 || f.Length == 0)
        {
            return false;
        }
        // The four forms compared in place: every name of a message is compared with every party's address.
        return IsPair(local, g, f) || IsPair(local, f, g) || IsPair(local, g[..1], f) || IsPair(local, f, g[..1]);
    }

    private static bool IsPair(string local, ReadOnlySpan<char> first, ReadOnlySpan<char> second) =>
        local.Length == first.Length + second.Length && local.AsSpan().StartsWith(first, StringComparison.Ordinal)
        && local.AsSpan(first.Length).SequenceEqual(second);

    private static string Short(string s) => s.Replace("ou", "o", StringComparison.Ordinal).Replace("oo", "o", StringComparison.Ordinal).Replace("uu", "u", StringComparison.Ordinal);

    private static string Ascii(string s) => LettersOf(s);

    /// <summary>Katakana to Hepburn, the way Japanese people spell their names in mail addresses (no long vowels).</summary>
    public static string Romanize(string katakana)
    {
        // Every reading of every Japanese name is compared with every party's address: the kana are looked up as spans
        // and the letters written to the stack, so a reading costs its result string only. A kana gives at most
        // three letters, and a doubled consonant one more.
        var buffer = katakana.Length <= 64 ? stackalloc char[katakana.Length * 4] : new char[katakana.Length * 4];
        var length = 0;
        var doubleNext = false;
        for (var i = 0; i < katakana.Length; i++)
        {
            var c = katakana[i];
            if (c == 'ッ')
            {
                doubleNext = true;
                continue;
            }
            if (c == 'ー')
            {
                continue;
            }
            string? syllable = null;
            if (i + 1 < katakana.Length && KanaSpans.TryGetValue(katakana.AsSpan(i, 2), out var pair))
            {
                syllable = pair;
                i++;
            }
            else if (KanaSpans.TryGetValue(katakana.AsSpan(i, 1), out var single))
            {
                syllable = single;
            }
            if (syllable is null)
            {
                continue;
            }
            if (doubleNext && syllable.Length > 0)
            {
                buffer[length++] = syllable[0] == 'c' ? 't' : syllable[0];
                doubleNext = false;
            }
            syllable.AsSpan().CopyTo(buffer[length..]);
            length += syllable.Length;
        }
        return new string(buffer[..length]);
    }

    private static Dictionary<string, string> BuildKana()
    {
        const string table =
            "ア a イ i ウ u エ e オ o カ ka キ ki ク ku ケ ke コ ko サ sa シ shi ス su セ se ソ so タ ta チ chi ツ tsu テ te ト to " +
            "ナ na ニ ni ヌ nu ネ ne ノ no ハ ha ヒ hi フ fu ヘ he ホ ho マ ma ミ mi ム mu メ me モ mo ヤ ya ユ yu ヨ yo " +
            "ラ ra リ ri ル ru レ re ロ ro ワ wa ヲ o ン n ガ ga ギ gi グ gu ゲ ge ゴ go ザ za ジ ji ズ zu ゼ ze ゾ zo " +
            "ダ da ヂ ji ヅ zu デ de ド do バ ba ビ bi ブ bu ベ be ボ bo パ pa ピ pi プ pu ペ pe ポ po ヴ vu " +
            "キャ kya キュ kyu キョ kyo シャ sha シュ shu ショ sho チャ cha チュ chu チョ cho ニャ nya ニュ nyu ニョ nyo " +
            "ヒャ hya ヒュ hyu ヒョ hyo ミャ mya ミュ myu ミョ myo リャ rya リュ ryu リョ ryo ギャ gya ギュ gyu ギョ gyo " +
            "ジャ ja ジュ ju ジョ jo ビャ bya ビュ byu ビョ byo ピャ pya ピュ pyu ピョ pyo ァ a ィ i ゥ u ェ e ォ o";
        var parts = table.Split(' ');
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            result[parts[i]] = parts[i + 1];
        }
        return result;
    }
}
