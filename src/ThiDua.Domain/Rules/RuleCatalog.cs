using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ThiDua.Domain;

/// <summary>One allowed value of an enumerated rule, as sent in JSON, with its label for people.</summary>
public sealed record RuleValue(string Value, Phrase Label);

/// <summary>
/// One rule of <see cref="BlocRules"/> at its JSON path (<c>voting.quorum</c>, <c>proposals.levels[].quota</c>):
/// its JSON type (<c>object</c>, <c>array</c>, <c>integer</c>, <c>boolean</c>, <c>string</c>), the
/// <see cref="Format"/> of a string or of the items (<c>duration</c>: <c>d.hh:mm:ss</c>), the type of an array's
/// <see cref="ItemType"/>, the allowed <see cref="Values"/> of an enumeration (of the rule or of its items), the
/// default of a new bloc (null inside a list), and what it means in both languages.
/// </summary>
public sealed record RuleDescription(
    string Path,
    string Type,
    string? Format,
    string? ItemType,
    IReadOnlyList<RuleValue>? Values,
    JsonNode? Default,
    Phrase Title,
    Phrase Explanation);

/// <summary>Every rule a bloc can set, with its default and its explanation (<c>GET /api/rules</c>).</summary>
public sealed record RuleCatalog(IReadOnlyList<RuleDescription> Rules)
{
    /// <summary>The JSON of the API: camelCase, enums as camelCase strings (before <see cref="Current"/>, which uses it).</summary>
    private static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>
    /// The catalog of <see cref="BlocRules"/>, read from the record itself (paths, types, defaults) and from the
    /// texts below (titles, explanations, labels). A rule added to <see cref="BlocRules"/> without its texts is
    /// listed by <see cref="Missing"/> (and a test fails), so no rule reaches the council's page unexplained.
    /// </summary>
    public static RuleCatalog Current { get; } = Build();

    /// <summary>Paths of properties without texts, and enum values without labels (<c>Type.Value</c>); empty when complete.</summary>
    public static IReadOnlyList<string> Missing()
    {
        var missing = new List<string>();
        foreach (var (path, type, _) in Walk(typeof(BlocRules), ""))
        {
            if (!RuleTexts.Rules.ContainsKey(path))
            {
                missing.Add(path);
            }

            if (EnumOf(type) is { } enumType)
            {
                missing.AddRange(Enum.GetNames(enumType).Where(n => !RuleTexts.Labels.ContainsKey((enumType, n))).Select(n => $"{enumType.Name}.{n}"));
            }
        }

        return missing.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Paths the texts explain that <see cref="BlocRules"/> no longer has (a renamed or removed rule).</summary>
    public static IReadOnlyList<string> Stale()
    {
        var paths = Walk(typeof(BlocRules), "").Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        return RuleTexts.Rules.Keys.Where(k => !paths.Contains(k)).ToList();
    }

    private static RuleCatalog Build()
    {
        if (Missing() is { Count: > 0 } missing)
        {
            throw new InvalidOperationException("Bloc rules without an explanation: " + string.Join(", ", missing));
        }

        var defaults = new BlocRules();
        return new RuleCatalog(Walk(typeof(BlocRules), "").Select(p =>
        {
            var (title, explanation) = RuleTexts.Rules[p.Path];
            var item = ItemOf(p.Type);
            var enumType = EnumOf(p.Type);
            return new RuleDescription(
                p.Path,
                JsonType(p.Type),
                Format(item ?? p.Type),
                item is null ? null : JsonType(item),
                enumType is null ? null : Enum.GetValues(enumType).Cast<Enum>().Select(v => new RuleValue(EnumJson(v), RuleTexts.Labels[(enumType, v.ToString())])).ToList(),
                p.Path.Contains("[]", StringComparison.Ordinal) ? null : JsonSerializer.SerializeToNode(ValueAt(defaults, p.Path), p.Type, Json),
                title,
                explanation);
        }).ToList());
    }

    /// <summary>Every property at every depth, a list of records entered as <c>name[]</c>, depth first in declaration order.</summary>
    private static IEnumerable<(string Path, Type Type, PropertyInfo Property)> Walk(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            yield return (path, property.PropertyType, property);
            var inner = ItemOf(property.PropertyType) is { } item ? (item, path + "[].") : (property.PropertyType, path + ".");
            if (IsRecord(inner.Item1))
            {
                foreach (var nested in Walk(inner.Item1, inner.Item2))
                {
                    yield return nested;
                }
            }
        }
    }

    private static object? ValueAt(object root, string path)
    {
        object? value = root;
        foreach (var name in path.Split('.'))
        {
            var property = value!.GetType().GetProperties().Single(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) == name);
            value = property.GetValue(value);
        }

        return value;
    }

    private static bool IsRecord(Type type) => type.IsClass && type != typeof(string) && type.Namespace == typeof(BlocRules).Namespace;

    private static Type? ItemOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    private static Type? EnumOf(Type type) => (ItemOf(type) ?? type) is { IsEnum: true } e ? e : null;

    private static string JsonType(Type type) => type switch
    {
        _ when type == typeof(int) => "integer",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(string) || type == typeof(TimeSpan) || type.IsEnum => "string",
        _ when ItemOf(type) is not null => "array",
        _ when IsRecord(type) => "object",
        _ => throw new InvalidOperationException($"No JSON type for {type.Name} in the rule catalog."),
    };

    private static string? Format(Type type) => type == typeof(TimeSpan) ? "duration" : null;

    private static string EnumJson(Enum value) => JsonSerializer.SerializeToNode(value, value.GetType(), Json)!.GetValue<string>();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
