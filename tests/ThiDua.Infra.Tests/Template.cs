using System.Text.Json.Nodes;

namespace ThiDua.Infra.Tests;

/// <summary>Reads resources out of a compiled ARM template, including those of nested module deployments.</summary>
public static class Template
{
    public static IEnumerable<JsonObject> Resources(JsonNode node, string type)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && string.Equals((string?)obj["type"], type, StringComparison.OrdinalIgnoreCase)
                    && obj.ContainsKey("apiVersion"))
                {
                    yield return obj;
                }

                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        foreach (var found in Resources(child, type))
                        {
                            yield return found;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        foreach (var found in Resources(child, type))
                        {
                            yield return found;
                        }
                    }
                }

                break;
        }
    }

    /// <summary>The templates (main and nested) that declare a resource of the type themselves, with their variables.</summary>
    public static IEnumerable<JsonObject> TemplatesDeclaring(JsonNode root, string type)
        => Resources(root, "Microsoft.Resources/deployments")
            .Select(d => At(d, "properties.template"))
            .Append(root)
            .OfType<JsonObject>()
            .Where(t => t["resources"] is JsonArray resources && resources.OfType<JsonObject>()
                .Any(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The site's configuration resource of that name (appsettings, authsettingsV2).</summary>
    public static JsonObject SiteConfig(JsonNode template, string name)
        => Assert.Single(Resources(template, "Microsoft.Web/sites/config"), r => ((string?)r["name"] ?? "").Contains($"'{name}'", StringComparison.Ordinal));

    /// <summary>The template of the module deployment of that name (main.bicep's module names).</summary>
    public static JsonObject Module(JsonNode template, string name)
        => At(Assert.Single(Resources(template, "Microsoft.Resources/deployments"), d => (string?)d["name"] == name), "properties")!.AsObject();

    public static JsonNode? At(JsonNode node, string dottedPath)
        => dottedPath.Split('.').Aggregate<string, JsonNode?>(node, (current, segment) => current?[segment]);
}
