using System.Text;
using System.Text.RegularExpressions;

namespace ThiDua.Domain.Tests;

/// <summary>
/// docs/glossary.md is the one list of terms: every user-facing text source (the domain's and the CLI's
/// texts, the portal, the mail, the formal documents, the archive's checks, the API's problem texts and
/// the domain's validation messages) is scanned, string by string, for a Vietnamese synonym the glossary
/// rules out, a storage word in either language, and Vietnamese text that is not NFC.
/// </summary>
public sealed partial class GlossaryTests
{
    private static readonly string[] Sources =
    [
        "src/ThiDua.Domain/Texts.cs",
        "src/ThiDua.Domain/**/*.cs",
        "src/ThiDua.Cli/**/*.cs",
        "src/ThiDua.Signing/*.cs",
        "src/ThiDua.Archive/*.cs",
        "src/ThiDua.Api/Portal/wwwroot/*.js",
        "src/ThiDua.Api/Portal/wwwroot/*.html",
        "src/ThiDua.Workflows/Mail/*.cs",
        "src/ThiDua.Mail/*.cs",
        "src/ThiDua.Documents/Builders/*.cs",
        "src/ThiDua.Spreadsheets/*.cs",
        "src/ThiDua.Api/Endpoints/*.cs",
        "src/ThiDua.Api/Http/*.cs",
        "src/ThiDua.Api/ApiAccess.cs",
        "src/ThiDua.Api/ThiDuaApiEndpoints.cs",
    ];

    private static readonly string Root = FindRoot();

    [Fact]
    public void The_glossary_rules_out_the_other_names_of_the_campaign_and_the_storage_words()
    {
        var glossary = Glossary.Read(Path.Combine(Root, "docs", "glossary.md"));

        Assert.Contains("năm thi đua", glossary.Terms);
        Assert.Superset(new HashSet<string>(["chiến dịch", "đợt thi đua", "chu kỳ", "phong trào thi đua năm"]), glossary.RuledOut.ToHashSet());
        Assert.Superset(new HashSet<string>(["table", "blob", "partition", "row"]), glossary.StorageWords.ToHashSet());
        Assert.Empty(glossary.RuledOut.Intersect(glossary.Terms));
    }

    [Fact]
    public void No_user_facing_text_uses_a_ruled_out_synonym_or_a_storage_word()
    {
        var glossary = Glossary.Read(Path.Combine(Root, "docs", "glossary.md"));
        var files = Sources.SelectMany(Expand).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 20, $"Only {files.Count} source files found under {Root}.");

        var hits = files.SelectMany(f => Scan(Path.GetRelativePath(Root, f).Replace('\\', '/'), File.ReadAllText(f, Encoding.UTF8), glossary)).ToList();

        Assert.True(hits.Count == 0, "Texts that break docs/glossary.md:\n" + string.Join("\n", hits));
    }

    [Fact]
    public void The_scan_names_the_file_and_line_of_each_kind_of_fault()
    {
        var glossary = new Glossary(["năm thi đua"], ["chiến dịch"], ["table", "row", "dòng trong bảng"]);
        const string Source = """
            var ok = "Năm thi đua 2026 đã được lưu trữ.";
            var synonym = "Chiến dịch năm 2026 đã được lưu trữ.";
            // A comment may say "Chiến dịch" and "table row": comments are not shown to anyone.
            var storage = "Xóa dòng trong bảng của năm.";
            var english = "The table row is gone.";
            var code = "application/json";
            """;
        var decomposed = "var nfd = \"" + "Năm thi đua".Normalize(NormalizationForm.FormD) + "\";";

        var hits = Scan("src/X.cs", Source + "\n" + decomposed, glossary);

        Assert.Equal(
            [
                "src/X.cs:2: ruled-out synonym \"chiến dịch\" in \"Chiến dịch năm 2026 đã được lưu trữ.\"",
                "src/X.cs:4: storage word \"dòng trong bảng\" in \"Xóa dòng trong bảng của năm.\"",
                "src/X.cs:5: storage word \"table\" in \"The table row is gone.\"",
                "src/X.cs:5: storage word \"row\" in \"The table row is gone.\"",
                $"src/X.cs:7: Vietnamese text not in NFC: \"{"Năm thi đua".Normalize(NormalizationForm.FormD)}\"",
            ],
            hits);
    }

    /// <summary>The faults of one source's strings, as "path:line: what".</summary>
    private static List<string> Scan(string path, string source, Glossary glossary)
    {
        var hits = new List<string>();
        foreach (var (line, text) in Strings(path, source))
        {
            var vietnamese = IsVietnamese(text);
            if (vietnamese)
            {
                if (!text.IsNormalized(NormalizationForm.FormC))
                {
                    hits.Add($"{path}:{line}: Vietnamese text not in NFC: \"{text}\"");
                    continue;
                }

                hits.AddRange(glossary.RuledOut
                    .Where(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))
                    .Select(w => $"{path}:{line}: ruled-out synonym \"{w}\" in \"{text}\""));
            }

            // An English storage word only counts in a sentence (a string with a space), not in a code or a key.
            if (vietnamese || text.Contains(' ', StringComparison.Ordinal))
            {
                hits.AddRange(glossary.StorageWords
                    .Where(w => Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(w)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
                    .Select(w => $"{path}:{line}: storage word \"{w}\" in \"{text}\""));
            }
        }

        return hits;
    }

    /// <summary>The string literals of a C# or JavaScript source (the text of an HTML line), with their line; comments skipped.</summary>
    private static IEnumerable<(int Line, string Text)> Strings(string path, string source)
    {
        if (path.EndsWith(".html", StringComparison.Ordinal))
        {
            var lines = source.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var text = HtmlTag().Replace(lines[i], " ").Trim();
                if (text.Length > 0)
                {
                    yield return (i + 1, text);
                }
            }

            yield break;
        }

        var literal = path.EndsWith(".js", StringComparison.Ordinal) ? JsLiteral() : CSharpLiteral();
        foreach (Match m in literal.Matches(source))
        {
            if (m.Groups["comment"].Success || m.Groups["char"].Success)
            {
                continue;
            }

            yield return (LineOf(source, m.Groups["text"].Index), m.Groups["text"].Value);
        }
    }

    private static int LineOf(string source, int index) => source.AsSpan(0, index).Count('\n') + 1;

    /// <summary>Vietnamese when it holds a letter only Vietnamese writes (or a combining mark, which NFD Vietnamese has).</summary>
    private static bool IsVietnamese(string text) =>
        text.Any(c => "ăâđêôơưàáãèéìíòóõùúýĩũ".Contains(char.ToLowerInvariant(c), StringComparison.Ordinal)
            || c is (>= '\u1EA0' and <= '\u1EF9') or (>= '\u0300' and <= '\u036F'));

    private static IEnumerable<string> Expand(string pattern)
    {
        var directory = Path.Combine(Root, Path.GetDirectoryName(pattern.Replace("**/", "", StringComparison.Ordinal))!);
        var recursive = pattern.Contains("**/", StringComparison.Ordinal);
        var files = Directory.EnumerateFiles(directory, Path.GetFileName(pattern), recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 0, $"No file matches {pattern}.");
        return files;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "docs", "glossary.md")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("docs/glossary.md not found above " + AppContext.BaseDirectory);
    }

    // Comments first, so that a quote inside one opens no string; then char literals, raw, verbatim and regular strings.
    [GeneratedRegex(""""(?<comment>//[^\n]*|/\*[\s\S]*?\*/)|(?<char>'(?:[^'\\\n]|\\.)+')|\$*"""(?<text>[\s\S]*?)"""|(?:\$@|@\$|@)"(?<text>(?:[^"]|"")*)"|(?:\$?"(?<text>(?:[^"\\\n]|\\.)*)")"""")]
    private static partial Regex CSharpLiteral();

    [GeneratedRegex("""(?<comment>//[^\n]*|/\*[\s\S]*?\*/)|'(?<text>(?:[^'\\\n]|\\.)*)'|"(?<text>(?:[^"\\\n]|\\.)*)"|`(?<text>(?:[^`\\]|\\.)*)`""")]
    private static partial Regex JsLiteral();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex HtmlTag();

    /// <summary>What docs/glossary.md says: its terms, the synonyms it rules out and the storage words.</summary>
    private sealed record Glossary(IReadOnlyList<string> Terms, IReadOnlyList<string> RuledOut, IReadOnlyList<string> StorageWords)
    {
        public static Glossary Read(string path)
        {
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            List<string> Section(string heading) =>
                lines.SkipWhile(l => !l.StartsWith(heading, StringComparison.Ordinal)).Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).ToList();
            List<string> FirstCells(IEnumerable<string> section) =>
                section.Where(l => l.StartsWith('|') && !l.StartsWith("| ---", StringComparison.Ordinal))
                    .Skip(1)
                    .Select(l => l.Split('|')[1].Trim())
                    .ToList();

            var terms = FirstCells(lines.TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
                .SelectMany(c => c.Split(['/', '('], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => t.TrimEnd(')')))
                .ToList();
            var ruledOut = FirstCells(Section("## Ruled-out synonyms"));
            var storage = Section("## Storage words").Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..].Trim()).ToList();
            Assert.NotEmpty(terms);
            Assert.NotEmpty(ruledOut);
            Assert.NotEmpty(storage);
            return new Glossary(terms, ruledOut, storage);
        }
    }
}
